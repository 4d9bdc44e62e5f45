-- console
delete from src.x
