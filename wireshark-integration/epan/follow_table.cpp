#include "ws_compat.h"

#include "follow_table.hpp"
#include "activity_context.hpp"
#include "follow_row.hpp"

#include <epan/stat_tap_ui.h>
#include <epan/tap.h>

namespace traceshark::epan {

namespace {

constexpr const char* kTable = "Events of what the display filter names, in frame order";

enum Column { kFrame, kTime, kPid, kOperation, kBytes, kOffset, kResult, kNumber, kObject, kColumns };

stat_tap_table_item follow_fields[kColumns] = {
    {TABLE_ITEM_UINT, TAP_ALIGN_RIGHT, "Frame", "%u"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Time", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "PID", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Operation", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Bytes", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_RIGHT, "Offset", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Result", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Obj", "%s"},
    {TABLE_ITEM_STRING, TAP_ALIGN_LEFT, "Object", "%s"},
};

void free_item(stat_tap_table*, guint, guint, stat_tap_table_item_type* field)
{
    if (field->type == TABLE_ITEM_STRING) g_free(const_cast<char*>(field->value.string_value));
    field->value.string_value = nullptr;
}

// A retap starts again: the rows go (the table keeps its element array, which the next rows grow).
void reset_table(stat_tap_table* table)
{
    for (guint row = 0; row < table->num_elements; ++row) {
        for (guint column = 0; column < table->num_fields; ++column)
            free_item(table, row, column, stat_tap_get_field_data(table, row, column));
        g_free(table->elements[row]);
        table->elements[row] = nullptr;
    }
    table->num_elements = 0;
}

void follow_table_init(stat_tap_table_ui* ui)
{
    if (stat_tap_table* table = stat_tap_find_table(ui, kTable)) {
        reset_table(table);
        return;
    }
    stat_tap_add_table(ui, stat_tap_init_table(kTable, kColumns, 0, nullptr));
}

tap_packet_status follow_table_packet(void* tapdata, packet_info* pinfo, epan_dissect_t*, const void* data,
                                      tap_flags_t)
{
    const auto* r = static_cast<const ActivityTapRecord*>(data);
    auto* sd = static_cast<stat_data_t*>(tapdata);
    if (!r || !r->engine || !sd->stat_tap_data->tables || sd->stat_tap_data->tables->len == 0)
        return TAP_PACKET_DONT_REDRAW;
    stat_tap_table* table = g_array_index(sd->stat_tap_data->tables, stat_tap_table*, 0);
    const FollowRow row = follow_row(pinfo, *r);
    const FollowCells c = follow_cells(row);
    stat_tap_table_item_type items[kColumns] = {};
    items[kFrame].type = TABLE_ITEM_UINT;
    items[kFrame].value.uint_value = row.frame;
    const std::string* cells[kColumns] = {nullptr, &c.time, &c.pid, &c.operation, &c.bytes, &c.offset,
                                          &c.result, &c.number, &c.object};
    for (int i = kTime; i < kColumns; ++i) {
        items[i].type = TABLE_ITEM_STRING;
        items[i].value.string_value = g_strdup(cells[i]->c_str());  // freed by free_item
    }
    stat_tap_init_table_row(table, table->num_elements, kColumns, items);
    return TAP_PACKET_REDRAW;
}

// Following needs something to follow: a filter (which also makes the tap's activity available).
void follow_table_filter_check(const char*, const char** filter, char** err)
{
    if (!*filter || !**filter)
        *err = g_strdup("traceshark,events needs a display filter naming what to follow, e.g. "
                        "-z traceshark,events,activity.object.file==3 (or activity.object.socket, activity.path, "
                        "process.pid)");
}

}  // namespace

void follow_table_register()
{
    static tap_param params[] = {{PARAM_FILTER, "filter", "Filter", nullptr, FALSE}};
    static stat_tap_table_ui ui = {
        REGISTER_PACKET_STAT_GROUP_UNSORTED, "Traceshark Follow", "traceshark_activity", "traceshark,events",
        follow_table_init, follow_table_packet, reset_table, free_item, follow_table_filter_check,
        G_N_ELEMENTS(follow_fields), follow_fields, G_N_ELEMENTS(params), params, nullptr, 0};
    register_stat_tap_table_ui(&ui);
}

}  // namespace traceshark::epan
