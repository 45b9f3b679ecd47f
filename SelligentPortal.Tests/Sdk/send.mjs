// Sends identify and track calls with Segment's own Node SDK (Basic auth, POST /v1/batch) to the host
// in SP_HOST with the write key in SP_WRITE_KEY, then prints the outcome of every flush as JSON lines.
import { Analytics } from '@segment/analytics-node'

const analytics = new Analytics({
  writeKey: process.env.SP_WRITE_KEY,
  host: process.env.SP_HOST,
  flushAt: 10,
  maxRetries: 0,
})

let failures = 0
analytics.on('error', (error) => {
  failures++
  console.log(JSON.stringify({ error: String(error?.reason ?? error?.code ?? error) }))
})
analytics.on('http_request', (request) => console.log(JSON.stringify({ request: request.url, events: request.body?.batch?.length })))

analytics.identify({
  messageId: 'sdk-identify-1',
  userId: 'sdk-user-1',
  timestamp: new Date('2026-03-04T05:06:07.089Z'),
  traits: {
    email: '  Grace.Hopper@Example.com ',
    firstName: 'Grace',
    lastName: 'Hopper',
    address: { street: '1 Navy Way', city: 'Arlington', state: 'VA', postalCode: '22201', country: 'USA' },
  },
})
analytics.track({
  messageId: 'sdk-track-1',
  userId: 'sdk-user-1',
  event: 'Plan Upgraded',
  timestamp: new Date('2026-03-04T05:07:00.000Z'),
  context: { ip: '203.0.113.7', channel: 'server' },
  properties: { plan_name: 'Enterprise', acct_type: 'business' },
})

await analytics.closeAndFlush({ timeout: 20000 })
console.log(JSON.stringify({ done: true, failures }))
process.exit(failures === 0 ? 0 : 1)
