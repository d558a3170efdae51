#define BOOST_TEST_MODULE libs/etl PerfView baselines
#include <boost/test/unit_test.hpp>
