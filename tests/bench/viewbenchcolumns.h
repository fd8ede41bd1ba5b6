#pragma once

class MainWindow;

// tome-viewbench FILE --columns N
// N jumps to random columns of the file's first line (the cursor put there, centred, and the
// screen painted), once the line's columns are measured. Prints
// {"column_ms_median":..,"column_ms_max":..} on stdout, and on stderr what went before:
// {"columns":..,"measure_ms":..,"first_screen_ms":..,"vmrss_mib":..,"vmhwm_mib":..,...}.
int runColumnsBench(MainWindow &window, int jumps, double firstScreenMs);

// tome-viewbench FILE --wrap [--pages N]
// Once the first line is measured: View > Wrap Lines on, then N PgDn from the top, each with its
// paint. Prints {"wrap_pgdn_ms_median":..,"wrap_pgdn_ms_max":..} on stdout, and on stderr
// {"rows_paged":..,"top_row":..,"top_segment":..,"first_line_columns":..,"measure_ms":..,
// "first_screen_ms":..,"vmrss_mib":..,"vmhwm_mib":..,...}.
int runWrapBench(MainWindow &window, int pages, double firstScreenMs);

// The process's resident set now (VmRSS), or another field of /proc/self/status in kB (VmHWM: its
// peak), in MiB; -1 where unknown.
double residentMiB(const char *field = "VmRSS");
