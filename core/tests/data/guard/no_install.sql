-- console
install httpfs
