select a, sum(b) as total from raw.unknown_table group by a
