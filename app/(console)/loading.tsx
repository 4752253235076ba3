// Shown while a console page reads the database; shaped like a page header and a list so the
// content does not jump when it arrives.
export default function ConsoleLoading() {
  return (
    <div className="flex flex-col gap-6" aria-busy="true">
      <p role="status" className="sr-only">
        Loading…
      </p>
      <div className="flex flex-col gap-2" aria-hidden="true">
        <div className="h-7 w-40 animate-pulse rounded-md bg-muted" />
        <div className="h-4 w-80 max-w-full animate-pulse rounded-md bg-muted" />
      </div>
      <div className="flex flex-col gap-3 rounded-xl border p-4" aria-hidden="true">
        {[0, 1, 2, 3].map((row) => (
          <div key={row} className="h-10 animate-pulse rounded-md bg-muted/70" />
        ))}
      </div>
    </div>
  );
}
