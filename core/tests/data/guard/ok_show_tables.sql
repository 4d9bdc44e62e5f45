-- console
show tables
