/**
 * The suite's utils/client with the router URL taken from ROUTER_URL (its original is a constant,
 * http://localhost:4000/). Everything else, including the request code, is the suite's own module.
 */
const original = require('@apollo/federation-subgraph-compatibility-tests/dist/utils/client.js');

const routerUrl = process.env.ROUTER_URL;
if (!routerUrl) throw new Error('ROUTER_URL is not set: the gateway under test must be given to the suite');

module.exports = {
  ...original,
  ROUTER_URL: routerUrl,
  routerRequest: (req, headers) => original.graphqlRequest(routerUrl, req, headers),
};
