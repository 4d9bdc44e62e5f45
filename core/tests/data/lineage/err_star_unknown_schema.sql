select * from raw.unknown_table
