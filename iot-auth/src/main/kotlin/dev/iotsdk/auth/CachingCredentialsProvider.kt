package dev.iotsdk.auth

import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import java.time.Clock
import java.time.Instant
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes
import kotlin.time.toJavaDuration
import kotlin.time.toKotlinDuration

/**
 * Caches the credentials of [delegate] until `expiration - refreshBefore`; credentials without an expiration are
 * kept for the life of this provider.
 *
 * Concurrent callers that find the cache stale share a single call to the delegate (a [Mutex]); a failed refresh is
 * not cached, so the next call tries again.
 *
 * @param refreshBefore how long before expiry to fetch new credentials (5 minutes by default).
 * @param clock the time source; replaceable in tests.
 */
public class CachingCredentialsProvider(
    private val delegate: CredentialsProvider,
    private val refreshBefore: Duration = 5.minutes,
    private val clock: Clock = Clock.systemUTC(),
) : CredentialsProvider {
    /**
     * Caches [delegate] with the defaults (refresh 5 minutes before expiry, the UTC system clock); for Java callers.
     */
    public constructor(delegate: CredentialsProvider) : this(delegate, 5.minutes)

    /** Caches [delegate], refreshing [refreshBefore] (a [java.time.Duration]) before expiry; for Java callers. */
    public constructor(delegate: CredentialsProvider, refreshBefore: java.time.Duration, clock: Clock) :
        this(delegate, refreshBefore.toKotlinDuration(), clock)

    private val mutex = Mutex()

    @Volatile
    private var cached: Credentials? = null

    init {
        require(!refreshBefore.isNegative()) { "refreshBefore must not be negative" }
    }

    /**
     * Returns the cached credentials while fresh, otherwise resolves the delegate once for all waiting callers.
     *
     * @throws CredentialsException when the delegate fails.
     */
    override suspend fun resolve(): Credentials {
        cached?.takeIf { isFresh(it) }?.let { return it }
        return mutex.withLock {
            cached?.takeIf { isFresh(it) } ?: delegate.resolve().also { cached = it }
        }
    }

    /** Forgets the cached credentials; the next [resolve] asks the delegate. */
    public fun invalidate() {
        cached = null
    }

    private fun isFresh(credentials: Credentials): Boolean {
        val expiration = credentials.expiration ?: return true
        val refreshAt: Instant = expiration.minus(refreshBefore.toJavaDuration())
        return clock.instant().isBefore(refreshAt)
    }

    /** Names the delegate. */
    override fun toString(): String = "CachingCredentialsProvider($delegate)"
}
