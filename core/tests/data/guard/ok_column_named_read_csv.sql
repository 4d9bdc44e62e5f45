-- console
select read_csv, "glob" from src.odd
