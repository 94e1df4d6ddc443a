// Command ferretdb runs FerretDB 1.24.2 embedded as a library.
//
// The upstream `go install .../cmd/ferretdb@v1.24.2` binary panics at start
// (its generated version file is missing from the module), while the
// embeddable `ferretdb` package works. scripts/services.sh builds and runs this.
package main

import (
	"context"
	"flag"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/FerretDB/FerretDB/ferretdb"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:57017", "TCP address to serve the MongoDB wire protocol on")
	handler := flag.String("handler", "sqlite", "backend: sqlite or postgresql")
	sqliteURL := flag.String("sqlite-url", "file:data/", "SQLite directory URI (sqlite backend)")
	postgresURL := flag.String("postgresql-url", "", "PostgreSQL URL (postgresql backend)")
	flag.Parse()

	// Warnings are per-connection chatter (e.g. every unsupported endSessions); errors only.
	logger := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelError}))
	server, err := ferretdb.New(&ferretdb.Config{
		Listener:      ferretdb.ListenerConfig{TCP: *listen},
		Logger:        logger,
		Handler:       *handler,
		SQLiteURL:     *sqliteURL,
		PostgreSQLURL: *postgresURL,
	})
	if err != nil {
		log.Fatalf("ferretdb: %v", err)
	}

	// SIGTERM/SIGINT cancel the context; Run then closes the listener and backend.
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	log.Printf("ferretdb listening on %s (%s backend)", *listen, *handler)
	if err := server.Run(ctx); err != nil {
		log.Fatalf("ferretdb: %v", err)
	}
}
