-- console
select * from "data.csv"
