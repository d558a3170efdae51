#define BOOST_TEST_MODULE libs/procmon
#include <boost/test/unit_test.hpp>
