# ecom_analytics: PGXS build of one C++17 module plus its SQL, tests and benchmarks.
EXTENSION    = ecom_analytics
EXTVERSION   = 0.1.0
MODULE_big   = ecom_analytics
PG_CONFIG   ?= pg_config

CORE_SRCS    = $(sort $(wildcard src/core/*.cpp src/core/*/*.cpp))
GLUE_SRCS    = $(sort $(wildcard src/pg/*.cpp src/pg/*/*.cpp))
OBJS         = $(CORE_SRCS:.cpp=.o) $(GLUE_SRCS:.cpp=.o)

# Extension script: sql/ext/NN_module.sql files, concatenated in order.
EXT_SQL      = $(sort $(wildcard sql/ext/*.sql))
DATA_built   = $(EXTENSION)--$(EXTVERSION).sql
DATA         = $(filter-out $(DATA_built),$(wildcard $(EXTENSION)--*--*.sql))

# pg_regress: sql/<test>.sql against expected/<test>.out.
REGRESS      = $(sort $(basename $(notdir $(wildcard sql/*.sql))))
REGRESS_OPTS = --load-extension=$(EXTENSION)

# Boost.Math reports every error by throwing (never errno, never abort); same policy in every unit.
MATH_POLICY  = -DBOOST_MATH_DOMAIN_ERROR_POLICY=throw_on_error -DBOOST_MATH_POLE_ERROR_POLICY=throw_on_error \
               -DBOOST_MATH_OVERFLOW_ERROR_POLICY=throw_on_error -DBOOST_MATH_EVALUATION_ERROR_POLICY=throw_on_error \
               -DBOOST_MATH_ROUNDING_ERROR_POLICY=throw_on_error -DBOOST_MATH_PROMOTE_DOUBLE_POLICY=false
EIGEN_INC    = -isystem /usr/include/eigen3
WARN         = -Wall -Wextra $(if $(or $(CI),$(WERROR)),-Werror)
# PostgreSQL headers as system headers: their unused parameters and `register` do not warn in C++17.
PG_CPPFLAGS  = -Isrc $(EIGEN_INC) $(MATH_POLICY) -isystem $(shell $(PG_CONFIG) --includedir-server)
PG_CXXFLAGS  = -std=c++17 -fvisibility=hidden -fvisibility-inlines-hidden $(WARN)
SHLIB_LINK   = -lstdc++

# JIT bitcode is not built: the module's functions are opaque native code that LLVM inlining cannot
# improve, and skipping it keeps clang out of the build dependencies.
override with_llvm = no

EXTRA_CLEAN  = build $(EXTENSION)--$(EXTVERSION).sql results regression.diffs regression.out

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)

# The core is pure C++: it is compiled without PostgreSQL's include paths, so `#include "postgres.h"`
# in src/core fails to compile. The grep gives the clearer message first.
src/core/%.o: src/core/%.cpp
	@! grep -nE '#\s*include\s*[<"](postgres|fmgr|miscadmin|utils/|executor/|catalog/|access/|nodes/)' $< \
	  || { echo "$<: src/core must not include PostgreSQL headers" >&2; exit 1; }
	$(CXX) $(CXXFLAGS) -Isrc $(EIGEN_INC) $(MATH_POLICY) -c -o $@ $<

$(EXTENSION)--$(EXTVERSION).sql: $(EXT_SQL)
	cat $^ > $@

$(OBJS): $(wildcard src/core/*.hpp src/core/*/*.hpp src/pg/*.hpp src/pg/*/*.hpp)

# Unit tests of src/core (GoogleTest), built with AddressSanitizer and UBSan into build/unit.
UNIT_SRCS    = $(sort $(wildcard test/unit/*.cpp))
UNIT_OBJS    = $(patsubst %.cpp,build/unit/%.o,$(CORE_SRCS) $(UNIT_SRCS))
UNIT_FLAGS   = -std=c++17 -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined \
               -Isrc $(EIGEN_INC) $(MATH_POLICY) $(WARN) -DECOM_SOURCE_DIR='"$(CURDIR)"'

build/unit/%.o: %.cpp $(wildcard src/core/*.hpp src/core/*/*.hpp test/unit/*.hpp)
	@mkdir -p $(dir $@)
	$(CXX) $(UNIT_FLAGS) -c -o $@ $<

build/unit/run_tests: $(UNIT_OBJS)
	$(CXX) -fsanitize=address,undefined -o $@ $^ -lgtest_main -lgtest -pthread

.PHONY: unit test bench
unit: build/unit/run_tests
	build/unit/run_tests

# Every suite on a private throwaway cluster (what CI runs).
test:
	scripts/test.sh

bench:
	scripts/bench.sh
