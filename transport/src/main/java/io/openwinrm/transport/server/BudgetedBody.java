package io.openwinrm.transport.server;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;

/**
 * A request body of known length on the heap whose {@link RequestBodyBudget} reservation is given back when the
 * buffer is freed, by whichever handler releases the request last (decryption, dispatch, or the channel closing).
 */
final class BudgetedBody extends UnpooledHeapByteBuf {

    private final RequestBodyBudget budget;
    private final long reserved;
    private final boolean authenticated;

    /** Takes over a reservation of {@code length} bytes already made with {@code authenticated}. */
    BudgetedBody(RequestBodyBudget budget, int length, boolean authenticated) {
        super(UnpooledByteBufAllocator.DEFAULT, length, length);
        this.budget = budget;
        this.reserved = length;
        this.authenticated = authenticated;
    }

    @Override
    protected void deallocate() {
        super.deallocate();
        budget.release(reserved, authenticated);
    }
}
