#define BOOST_TEST_MODULE libs/tracking
#include <boost/test/unit_test.hpp>
