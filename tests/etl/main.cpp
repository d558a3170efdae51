#define BOOST_TEST_MODULE libs/etl
#include <boost/test/unit_test.hpp>
