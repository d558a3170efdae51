// Procmon display names. Expected strings are taken from CSV exports of Procmon paired with the PML events they
// were saved from, so each check is a raw value Procmon really logged and the text it really printed.
#include <boost/test/unit_test.hpp>

#include "names.hpp"

using namespace traceshark::procmon::detail;

BOOST_AUTO_TEST_SUITE(names)

BOOST_AUTO_TEST_CASE(results_use_procmon_wording_and_hex_for_unknown_codes)
{
    BOOST_TEST(result_name(0) == "SUCCESS");
    BOOST_TEST(result_name(0xC0000034) == "NAME NOT FOUND");
    BOOST_TEST(result_name(0x80000005) == "BUFFER OVERFLOW");
    BOOST_TEST(result_name(0xC01C0004) == "FAST IO DISALLOWED");
    BOOST_TEST(result_name(0x0000012A) == "FILE LOCKED WITH ONLY READERS");
    BOOST_TEST(result_name(0xC000A2A3) == "OFFLOAD READ FILE NOT SUPPORTED");
    BOOST_TEST(result_name(0x00000103) == "");  // STATUS_PENDING: Procmon leaves the column empty
    BOOST_TEST(result_name(0xC000046F) == "0xC000046F");
    BOOST_TEST(result_name(0x00000368) == "0x368");
}

BOOST_AUTO_TEST_CASE(operations_by_class)
{
    BOOST_TEST(operation_name(1, 1) == "Process Create");
    BOOST_TEST(operation_name(1, 5) == "Load Image");
    BOOST_TEST(operation_name(1, 7) == "Process Start");
    BOOST_TEST(operation_name(2, 0) == "RegOpenKey");
    BOOST_TEST(operation_name(2, 17) == "RegQueryKeySecurity");
    BOOST_TEST(operation_name(3, 6) == "QueryOpen");
    BOOST_TEST(operation_name(3, 15) == "FASTIO_ACQUIRE_FOR_CC_FLUSH");
    BOOST_TEST(operation_name(3, 19) == "CreateFileMapping");
    BOOST_TEST(operation_name(3, 20) == "CreateFile");
    BOOST_TEST(operation_name(3, 27) == "QueryEAFile");
    BOOST_TEST(operation_name(3, 38) == "CloseFile");
    BOOST_TEST(operation_name(4, 0) == "Thread Profiling");
    BOOST_TEST(operation_name(5, 2) == "Send");
    BOOST_TEST(operation_name(3, 48) == "");
    BOOST_TEST(operation_name(6, 0) == "");
}

BOOST_AUTO_TEST_CASE(filesystem_sub_operations_refine_the_name)
{
    BOOST_TEST(filesystem_has_sub_operations(25));
    BOOST_TEST(!filesystem_has_sub_operations(20));
    BOOST_TEST(filesystem_sub_operation_name(25, 4) == "QueryBasicInformationFile");
    BOOST_TEST(filesystem_sub_operation_name(25, 0x23) == "QueryAttributeTagFile");
    BOOST_TEST(filesystem_sub_operation_name(25, 0x3B) == "QueryIdInformation");
    BOOST_TEST(filesystem_sub_operation_name(26, 0x14) == "SetEndOfFileInformationFile");
    BOOST_TEST(filesystem_sub_operation_name(30, 7) == "QueryFullSizeInformationVolume");
    BOOST_TEST(filesystem_sub_operation_name(32, 1) == "QueryDirectory");
    BOOST_TEST(filesystem_sub_operation_name(32, 2) == "NotifyChangeDirectory");
    BOOST_TEST(filesystem_sub_operation_name(37, 2) == "UnlockFileSingle");
    BOOST_TEST(filesystem_sub_operation_name(30, 11) == "");  // unknown: the caller prints "<Unknown>"
    BOOST_TEST(filesystem_sub_operation_name(25, 0) == "");   // 0: the base name stays
    BOOST_TEST(filesystem_sub_operation_name(29, 1) == "");   // FlushBuffersFile has no sub-operations
}

BOOST_AUTO_TEST_CASE(access_masks_prefer_composite_names_and_map_generic_bits)
{
    BOOST_TEST(registry_access_mask(0x20019) == "Read");
    BOOST_TEST(registry_access_mask(0xF003F) == "All Access");
    BOOST_TEST(registry_access_mask(0x2000000) == "Maximum Allowed");
    BOOST_TEST(registry_access_mask(0x2020019) == "Read, Maximum Allowed");
    BOOST_TEST(registry_access_mask(0x9) == "Query Value, Enumerate Sub Keys");
    BOOST_TEST(registry_access_mask(0) == "None 0x0");
    BOOST_TEST(file_access_mask(0x1200A9) == "Generic Read/Execute");
    BOOST_TEST(file_access_mask(0x120196) == "Generic Write, Read Attributes");
    BOOST_TEST(file_access_mask(0x13019F) == "Generic Read/Write, Delete");
    BOOST_TEST(file_access_mask(0x120081) == "Read Data/List Directory, Read Attributes, Read Control, Synchronize");
    BOOST_TEST(file_access_mask(0x80000000) == "Generic Read");  // GENERIC_READ through MapGenericMask
}

BOOST_AUTO_TEST_CASE(create_file_details)
{
    BOOST_TEST(create_disposition(3) == "OpenIf");
    BOOST_TEST(create_disposition(6) == "");
    BOOST_TEST(create_options(0x60) == "Synchronous IO Non-Alert, Non-Directory File");
    BOOST_TEST(create_options(0x214040) ==
               "Non-Directory File, Open For Backup, Open Reparse Point, Open Requiring Oplock");
    BOOST_TEST(create_options(0) == "");
    BOOST_TEST(create_attributes(0) == "n/a");
    BOOST_TEST(create_attributes(0x80) == "N");
    BOOST_TEST(share_mode(7) == "Read, Write, Delete");
    BOOST_TEST(share_mode(0) == "None");
    BOOST_TEST(open_result(1) == "Opened");
}

BOOST_AUTO_TEST_CASE(attribute_letters_are_one_group_per_bit)
{
    BOOST_TEST(file_attribute_letters(0x2020) == "ANCI");  // ARCHIVE + NOT_CONTENT_INDEXED
    BOOST_TEST(file_attribute_letters(0x2026) == "HSANCI");
    BOOST_TEST(file_attribute_letters(0x2016) == "HSDNCI");
    BOOST_TEST(file_attribute_letters(0x220) == "ASF");
    BOOST_TEST(file_attribute_letters(0x11) == "RD");
    BOOST_TEST(file_attribute_letters(0) == "n/a");
}

BOOST_AUTO_TEST_CASE(read_write_details)
{
    BOOST_TEST(io_flags(0x43) == "Non-cached, Paging I/O, Synchronous Paging I/O");
    BOOST_TEST(io_flags(0x400001) == "Non-cached, Write Through");
    BOOST_TEST(io_priority(3) == "Normal");
    BOOST_TEST(io_priority(1) == "Very Low");
}

BOOST_AUTO_TEST_CASE(control_codes_known_and_decoded)
{
    BOOST_TEST(ioctl_name(0x900BB) == "FSCTL_READ_USN_JOURNAL");
    BOOST_TEST(ioctl_name(0x4D0008) == "IOCTL_MOUNTDEV_QUERY_DEVICE_NAME");
    BOOST_TEST(ioctl_name(0x1401EC) == "FSCTL_LMR_QUERY_DEBUG_INFO");
    BOOST_TEST(ioctl_name(0x902EB) == "0x902eb (Device:0x9 Function:186 Method: 3)");
    BOOST_TEST(ioctl_name(0x1403A4) == "0x1403a4 (Device:0x14 Function:233 Method: 0)");
}

BOOST_AUTO_TEST_CASE(directory_details)
{
    BOOST_TEST(file_information_class(37) == "FileIdBothDirectoryInformation");
    BOOST_TEST(file_information_class(3) == "FileBothDirectoryInformation");
    BOOST_TEST(file_information_class(0) == "");
    BOOST_TEST(notify_change_filter(0x15) ==
               "FILE_NOTIFY_CHANGE_FILE_NAME, FILE_NOTIFY_CHANGE_ATTRIBUTES, FILE_NOTIFY_CHANGE_LAST_WRITE");
    BOOST_TEST(notify_change_filter(0x3) == "FILE_NOTIFY_CHANGE_FILE_NAME, FILE_NOTIFY_CHANGE_DIR_NAME");
}

BOOST_AUTO_TEST_CASE(security_information_names_and_leftover_bits)
{
    BOOST_TEST(security_information(0x4) == "DACL");
    BOOST_TEST(security_information(0x7) == "Owner, Group, DACL");
    BOOST_TEST(security_information(0x20000004) == "DACL, DACL Unprotected");
    BOOST_TEST(security_information(0x9000001F) ==
               "Owner, Group, DACL, SACL, Label, DACL Protected, SACL Unprotected");
    BOOST_TEST(security_information(0x1BF) ==
               "Owner, Group, DACL, SACL, Label, Attribute, Process Trust Label, 0x100");
}

BOOST_AUTO_TEST_CASE(registry_details)
{
    BOOST_TEST(reg_type_name(1) == "REG_SZ");
    BOOST_TEST(reg_type_name(11) == "REG_QWORD");
    BOOST_TEST(reg_type_name(1001) == "<Unknown: 1001>");
    BOOST_TEST(reg_type_name(0xFFFF0007) == "<Unknown: 4294901767>");
    BOOST_TEST(key_information_class(7) == "HandleTags");
    BOOST_TEST(key_information_class(3) == "Name");
    BOOST_TEST(key_set_information_class(5) == "KeySetHandleTagsInformation");
    BOOST_TEST(key_set_information_class(2) == "");
    BOOST_TEST(key_value_information_class(2) == "KeyValuePartialInformation");
    BOOST_TEST(reg_disposition(2) == "REG_OPENED_EXISTING_KEY");
    BOOST_TEST(reg_disposition(0) == "");
}

BOOST_AUTO_TEST_CASE(create_file_mapping_details)
{
    BOOST_TEST(section_sync_type(0) == "SyncTypeOther");
    BOOST_TEST(section_sync_type(1) == "SyncTypeCreateSection");
    BOOST_TEST(section_sync_type(2) == "");
    BOOST_TEST(page_protection(0x2) == "PAGE_READONLY");
    BOOST_TEST(page_protection(0x50) == "PAGE_EXECUTE");  // first match wins, low bit first
    BOOST_TEST(page_protection(0x220) == "PAGE_EXECUTE_READ|PAGE_NOCACHE");
    BOOST_TEST(page_protection(0x200) == "|PAGE_NOCACHE");
    BOOST_TEST(page_protection(0) == "");
}

BOOST_AUTO_TEST_SUITE_END()
