with source as (
  select * from web.pageviews
),
cleaned as (
  select
    event_id,
    anonymous_id,
    nullif(user_id, '') as user_id,
    split_part(page_url, '?', 1) as page_path,
    coalesce(referrer, 'direct') as referrer,
    lower(device) as device,
    tstamp as viewed_at
  from source
  where event_id is not null
)
select * from cleaned
