-- console
SeLeCt Count(*) FROM src.SRC_TILL__ORDERS WhErE amount > 1
