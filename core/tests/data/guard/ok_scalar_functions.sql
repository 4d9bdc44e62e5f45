-- console
select upper(name), coalesce(a, 0), date_trunc('month', ordered_at) from src.x
