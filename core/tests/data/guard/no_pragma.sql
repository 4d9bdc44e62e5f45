-- console
pragma enable_profiling
