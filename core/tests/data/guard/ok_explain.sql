-- console
explain select count(*) from src.src_till__orders
