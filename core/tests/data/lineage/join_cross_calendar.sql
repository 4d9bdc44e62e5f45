select s.store_id, cal.date_day, cal.is_weekend
from pos.stores s
cross join util.calendar cal
where cal.fiscal_year = 2024
