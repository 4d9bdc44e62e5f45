-- console
drop table src.src_till__orders
