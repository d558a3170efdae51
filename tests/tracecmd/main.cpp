#define BOOST_TEST_MODULE libs/tracecmd
#include <boost/test/unit_test.hpp>
