-- console
insert into src.x values (1)
