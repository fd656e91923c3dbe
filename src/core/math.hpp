// The door to Boost.Math: include it before any other Boost.Math header; it checks that every error policy throws.
#pragma once

#if !defined(BOOST_MATH_DOMAIN_ERROR_POLICY) || !defined(BOOST_MATH_EVALUATION_ERROR_POLICY)
#error "Boost.Math error policies must be set by the build (see Makefile: MATH_POLICY)"
#endif

#include <boost/math/special_functions/beta.hpp>
#include <boost/math/special_functions/digamma.hpp>
#include <boost/math/special_functions/gamma.hpp>
