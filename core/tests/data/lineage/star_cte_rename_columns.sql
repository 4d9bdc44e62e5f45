with store_regions(id, label, area) as (
  select * from pos.stores
)
select id, upper(label) as label, area from store_regions
