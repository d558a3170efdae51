// The public detail-key table against what the decoder produces: every named item carries the key's name, only
// numeric keys carry numbers, and the filter-safe names are unique and safe.
#include <boost/test/unit_test.hpp>

#include <set>
#include <string>

#include "fixture.hpp"
#include "traceshark/procmon/detail_keys.hpp"
#include "traceshark/procmon/pml_file.hpp"

using namespace traceshark::procmon;
using namespace traceshark::procmon::test;

BOOST_AUTO_TEST_SUITE(detail_keys)

BOOST_AUTO_TEST_CASE(names_are_unique_and_filter_safe)
{
    std::set<std::string_view> names, filter_names;
    for (const DetailKeyInfo& k : kDetailKeys) {
        BOOST_TEST(names.insert(k.name).second, k.name);
        BOOST_TEST(filter_names.insert(k.filter_name).second, k.filter_name);
        BOOST_TEST(!k.filter_name.empty());
        for (char c : k.filter_name) BOOST_TEST(((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'));
        BOOST_TEST(detail_key_info(k.key) == &k);
    }
    BOOST_TEST(detail_key_info(DetailKey::DirectoryEntry) == nullptr);
    BOOST_TEST(detail_key_info(DetailKey::Other) == nullptr);
    BOOST_TEST(detail_key_info(DetailKey::DesiredAccess)->filter_name == "desired_access");
    BOOST_TEST(detail_key_info(DetailKey::Length)->name == "Length");
}

BOOST_AUTO_TEST_CASE(decoded_items_follow_the_table)
{
    for (const char* name : {"session64.PML", "session32.PML"}) {
        auto f = PmlFile::open(fixture_path(name));
        for (uint32_t i = 0; i < f->event_count(); ++i) {
            const Event e = f->event(i);
            for (const DetailItem& d : e.details) {
                if (const DetailKeyInfo* k = detail_key_info(d.key)) {
                    BOOST_TEST(d.name == k->name);
                    if (d.number) BOOST_TEST(k->numeric, d.name);
                    BOOST_TEST(e.detail(d.key) == e.detail(d.name));
                } else if (d.key == DetailKey::Other) {
                    BOOST_TEST((e.event_class == EventClass::Network), d.name);
                }
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()
