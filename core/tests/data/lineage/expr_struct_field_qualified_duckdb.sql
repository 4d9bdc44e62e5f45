select e.event_id, e.payload.device as device from web.events e
