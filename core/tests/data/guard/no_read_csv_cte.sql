-- console
with x as (select * from read_csv_auto('data.csv')) select * from x
