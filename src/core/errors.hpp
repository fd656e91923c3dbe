// Exceptions the core throws; the PostgreSQL glue maps each to a SQLSTATE and carries the hint.
#pragma once
#include <stdexcept>
#include <string>

namespace ecom {

// A hint for the user, attached to an exception (shown as HINT: by PostgreSQL).
class Hinted {
public:
    explicit Hinted(std::string hint) : hint_(std::move(hint)) {}
    virtual ~Hinted() = default;
    const std::string& hint() const noexcept { return hint_; }
private:
    std::string hint_;
};

// Bad argument value or shape: SQLSTATE 22023 (invalid_parameter_value).
class InvalidArgument : public std::invalid_argument, public Hinted {
public:
    InvalidArgument(const std::string& message, std::string hint)
        : std::invalid_argument(message), Hinted(std::move(hint)) {}
};

// A value outside the representable or allowed range: SQLSTATE 22003 (numeric_value_out_of_range).
class OutOfRange : public std::out_of_range, public Hinted {
public:
    OutOfRange(const std::string& message, std::string hint)
        : std::out_of_range(message), Hinted(std::move(hint)) {}
};

// Bytes that do not decode as the expected summary format: SQLSTATE 22P03 (invalid_binary_representation).
class CorruptData : public std::runtime_error, public Hinted {
public:
    CorruptData(const std::string& message, std::string hint)
        : std::runtime_error(message), Hinted(std::move(hint)) {}
};

}  // namespace ecom
