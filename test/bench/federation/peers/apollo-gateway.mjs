// Apollo Gateway 2 under Apollo Server 5 on a supergraph file, as the public benchmark runs it.
// Usage: PORT=4000 node apollo-gateway.mjs SUPERGRAPH_FILE
// Neither RemoteGraphQLDataSource nor Apollo Server deduplicates in-flight requests: nothing to turn off.
import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';

const gateway = new ApolloGateway({ supergraphSdl: readFileSync(process.argv[2], 'utf8') });
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, { listen: { port: Number(process.env.PORT ?? 4000), host: '127.0.0.1' } });
console.log(`apollo gateway listening at ${url}`);
