// Read-your-writes across services, producing half: a command's answer names the events it
// appended to its outbox, in the `IPledger-Events` header (`<type>:<eventId>, …`), so the caller
// can send them back in `IPledger-After` to the next service it calls (consistency.guard.ts).
//
// How the list reaches the answer, visibly: UnitOfWork.run(ctx, work) has the outbox track the
// appends of its transaction and, once it committed, adds them to the command's receipt
// (command-receipt.ts); an idempotent replay adds the list stored with its key.
// CommandEventsInterceptor writes the header from the request's receipt when the answer leaves.
// The audit record (CommandAudited) is never listed: no request waits for it.
import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { formatEventTokens, HEADERS, type EventToken } from '@ipledger/contracts';
import type { AppendedEvent } from '@ipledger/messaging';
import { receiptOf, type CommandReceipt } from './command-receipt';

/** The events a committed command appended, minus its audit record: what its answer lists. */
export function commandEventTokens(appended: readonly AppendedEvent[]): EventToken[] {
  return appended.filter((event) => event.type !== 'CommandAudited').map(({ type, eventId }) => ({ type, eventId }));
}

/** Adds committed events to the command's answer (a command may run more than one unit of work). */
export function addCommandEvents(receipt: CommandReceipt, tokens: readonly EventToken[]): void {
  receipt.events = [...receipt.events, ...tokens];
}

/** The events the request's answer lists. */
export function commandEventsOf(request: Request): readonly EventToken[] {
  return receiptOf(request).events;
}

/** Writes IPledger-Events on a successful answer that caused events; no header when it caused none. */
@Injectable()
export class CommandEventsInterceptor implements NestInterceptor {
  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (ctx.getType() !== 'http') return next.handle();
    const request = ctx.switchToHttp().getRequest<Request>();
    const response = ctx.switchToHttp().getResponse<Response>();
    return next.handle().pipe(
      map((body) => {
        const tokens = commandEventsOf(request);
        if (tokens.length > 0 && !response.headersSent) response.setHeader(HEADERS.commandEvents, formatEventTokens(tokens));
        return body;
      }),
    );
  }
}
