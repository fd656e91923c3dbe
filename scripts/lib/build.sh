# Sourced by scripts: build and install the extension (sudo for the install when not root).

# Builds the module with warnings as errors and installs it into the local PostgreSQL 15.
build_and_install() {
    make -s -j"$(nproc)" WERROR=1 >/dev/null
    if [ "$(id -u)" -eq 0 ]; then make -s install >/dev/null; else sudo make -s install >/dev/null; fi
}
