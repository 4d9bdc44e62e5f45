select event_id, payload.device as device, payload.os as os from web.events
