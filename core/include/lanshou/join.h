#pragma once
// One join per paste: everything pasted about one order or parcel — export and spreadsheet rows,
// detail blocks, trace lines, number lines, aggregator JSON, PDD JSON — becomes one record, in
// whatever order and wherever it stands in the paste.
//
// Records are matched by order number. A record without one (a trace, a number line, an
// aggregator's result) joins by tracking number: the orders that uploaded that number, else the
// other records of that number. Two records with different order numbers never join, even on one
// tracking number: that is the tracking_duplicate finding, not one order.
//
// The same function serves a stored workspace (issue 20): append a newer batch's records after
// the older ones (their stores in ParsedInput::part_values) and join with later_wins.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "lanshou/input.h"

namespace lanshou {

struct JoinOptions {
  // Off (one paste): the first value of a fact is kept and a different later one becomes a
  // FactConflict naming both lines. On (merging a newer batch into a workspace): a later value
  // replaces the earlier one, and nothing is reported.
  bool later_wins = false;
  // A record without an order number joins every order that uploaded its tracking number, up to
  // this many: a trace of a placeholder number used by thousands of orders joins none of them.
  std::size_t max_orders_per_number = 16;
  // The first line of each batch of a workspace's merged text, ascending (the page checks every
  // batch the merchant added, oldest first, as one text): a fact read in a later batch replaces
  // the same fact of an earlier batch without a conflict; inside one batch the first value is kept
  // and a different one is a conflict. Empty: the text is one paste.
  std::vector<std::uint32_t> batch_lines;
};

// Joins in->orders in place. A joined record stands where the first record of its order stood
// (the first with the order number; for a parcel without one, its first record); records joined
// into it are gone from the list. Values are kept where they lie (a record from another store is
// copied into a store of the join's own, held in in->part_values); every joined record gets its
// own label set (in->label_sets) and a RecordExtra with the line of each field and the conflicts.
// Events are merged oldest first, without repeats. Also checks every record that has a pickup
// time and a trace with a pickup for the two disagreeing.
// Deterministic (the input's order decides everything, never a hash's), and linear in the
// records and their events: one hash lookup per order number and tracking number.
void join_records(ParsedInput* in, const JoinOptions& options = {});

// Whether two values of one field state the same fact: tracking numbers once normalised, couriers
// by the courier they name, times within a minute of each other (one may lack its seconds).
// Values lanshou cannot compare (an unreadable time, an unknown courier written the same) and
// fields where a difference means nothing for the deadlines (product, amount, note) are the same.
bool same_fact(Field f, std::string_view a, std::string_view b);

}  // namespace lanshou
