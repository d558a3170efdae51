#define BOOST_TEST_MODULE libs/etl payload decoders
#include <boost/test/unit_test.hpp>
