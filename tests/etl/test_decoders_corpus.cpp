#include <boost/test/unit_test.hpp>
BOOST_AUTO_TEST_SUITE(decoders_corpus)
BOOST_AUTO_TEST_CASE(placeholder) {}
BOOST_AUTO_TEST_SUITE_END()
