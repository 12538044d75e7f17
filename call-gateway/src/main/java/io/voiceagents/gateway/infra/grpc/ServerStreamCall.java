package io.voiceagents.gateway.infra.grpc;

import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;

/**
 * The client side of one server-streaming call the gateway may cancel (a streamed reply, a streamed sentence).
 * Every delivery to the listener and {@link #cancel()} take the same lock, so once {@code cancel} returns nothing
 * more is delivered, and exactly one ending (the last chunk, or one failure) reaches the listener. A call that
 * sends nothing within its first-chunk budget fails as timed out and is cancelled.
 *
 * @param <Q> request message
 * @param <R> streamed response message
 * @param <E> the failure the listener is told about
 */
abstract class ServerStreamCall<Q, R, E extends RuntimeException> implements ClientResponseObserver<Q, R> {

    private final Object lock = new Object();
    private final String name;
    private ClientCallStreamObserver<Q> requestStream;
    private Runnable cancelTimer = () -> { };
    private boolean finished;
    private boolean chunkSeen;

    /** @param name the call in messages ("StreamReply for CA…:3") */
    ServerStreamCall(String name) {
        this.name = name;
    }

    /** Whether {@code chunk} ends the stream; it is then delivered as the last one. */
    abstract boolean isLast(R chunk);

    /** Hands a chunk to the listener (under the lock; the last one ends the call). */
    abstract void deliver(R chunk, boolean last);

    /** Hands the failure to the listener (under the lock, at most once). */
    abstract void deliverFailure(E error);

    /** The failure for a gRPC error, {@code retriable} and {@code timedOut} as gRPC says. */
    abstract E failure(String message, boolean timedOut, boolean retriable, Throwable cause);

    @Override
    public final void beforeStart(ClientCallStreamObserver<Q> requestStream) {
        this.requestStream = requestStream;
    }

    /** Arms the first-chunk timer: {@code cancel} stops it (right away when a chunk or the end came first). */
    final void firstChunkTimer(Runnable cancel) {
        synchronized (lock) {
            if (finished || chunkSeen) {
                cancel.run();
            } else {
                cancelTimer = cancel;
            }
        }
    }

    @Override
    public final void onNext(R chunk) {
        synchronized (lock) {
            if (finished) {
                return;
            }
            if (!chunkSeen) {
                chunkSeen = true;
                cancelTimer.run();
            }
            boolean last = isLast(chunk);
            if (last) {
                finished = true;
            }
            deliver(chunk, last);
        }
    }

    @Override
    public final void onError(Throwable error) {
        Status status = Status.fromThrowable(error);
        fail(failure(GrpcFailures.describe(name, status), GrpcFailures.timedOut(status), GrpcFailures.retriable(status),
                error));
    }

    @Override
    public final void onCompleted() {
        fail(failure(name + " ended without its last chunk", false, true, null));
    }

    final void fail(E error) {
        synchronized (lock) {
            if (finished) {
                return;
            }
            finished = true;
            cancelTimer.run();
            deliverFailure(error);
        }
    }

    final void firstChunkMissed() {
        synchronized (lock) {
            if (finished || chunkSeen) {
                return;
            }
            finished = true;
            deliverFailure(failure(name + " sent nothing within the first-chunk budget", true, true, null));
        }
        requestStream.cancel("nothing within the first-chunk budget", null);
    }

    public final void cancel() {
        synchronized (lock) {
            if (finished) {
                return;
            }
            finished = true;
            cancelTimer.run();
        }
        // outside the lock: gRPC reports the cancellation to onError on this thread, which then finds it finished
        requestStream.cancel(name + " cancelled by the gateway", null);
    }
}
