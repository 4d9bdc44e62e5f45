select u.a, u.b + 1 as b1 from raw.unknown_table u
