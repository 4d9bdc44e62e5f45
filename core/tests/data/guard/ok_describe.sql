-- console
describe src.src_till__orders
