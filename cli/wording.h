#pragma once
// lanshou wording: the text for one order, ready to paste, and where it goes.
namespace lanshou::cli {

// argv holds the arguments after "wording". Returns the exit code: 0 done, 1 printed but some
// slots still need the merchant's facts (【请填写：…】), 2 usage error (one Chinese line on
// stderr).
int run_wording(int argc, char** argv);

}  // namespace lanshou::cli
