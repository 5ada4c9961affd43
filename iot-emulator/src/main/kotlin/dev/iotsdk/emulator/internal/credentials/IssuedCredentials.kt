package dev.iotsdk.emulator.internal.credentials

import dev.iotsdk.emulator.EmulatorCredentials
import java.security.SecureRandom
import java.time.Clock
import java.time.Instant
import java.time.temporal.ChronoUnit
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger

/**
 * Which role temporary credentials were issued for ([roleArn], `null` when the identity pool has none), the role
 * session's name (a role alias's is the certificate id, Cognito's `CognitoIdentityCredentials`), as in the assumed-role
 * ARN AWS names the caller by, and the authenticated Cognito identity they were issued to ([identityId]), whose
 * attached IoT policies must allow IoT actions too.
 */
internal class IssuedSession(
    val roleArn: String?,
    val sessionName: String,
    val expiry: Instant,
    val identityId: String? = null,
)

/**
 * Temporary credentials handed out by the credentials endpoints (IoT role aliases, Cognito identity pools). Each is
 * stored in the emulator's credential registry through [register] and remembered here with its expiry and role
 * ([session]), so SigV4 lookups ([isValid]) accept it until it expires and reject it afterwards. [throttleNext] makes the next requests to
 * either endpoint answer "throttled", for client retry tests.
 */
internal class IssuedCredentials(
    private val register: (EmulatorCredentials) -> Unit,
    private val clock: Clock = Clock.systemUTC(),
) {
    private val sessions = ConcurrentHashMap<String, IssuedSession>()
    private val throttled = AtomicInteger()
    private val random = SecureRandom()

    /**
     * Issues and registers new credentials of role [roleArn] valid for [durationSeconds]; returns them with their
     * expiry.
     */
    fun issue(
        durationSeconds: Long,
        roleArn: String?,
        sessionName: String,
        identityId: String? = null,
    ): Pair<EmulatorCredentials, Instant> {
        val credentials =
            EmulatorCredentials(
                "ASIA" + randomString(KEY_ALPHABET, KEY_LENGTH),
                randomString(SECRET_ALPHABET, SECRET_LENGTH),
                randomString(SECRET_ALPHABET, TOKEN_LENGTH),
            )
        val expiry = clock.instant().plusSeconds(durationSeconds).truncatedTo(ChronoUnit.SECONDS)
        sessions[credentials.accessKeyId] = IssuedSession(roleArn, sessionName, expiry, identityId)
        register(credentials)
        return credentials to expiry
    }

    /** `false` for issued credentials past their expiry; `true` for every other access key. */
    fun isValid(accessKeyId: String): Boolean =
        sessions[accessKeyId]?.let { clock.instant().isBefore(it.expiry) } ?: true

    /** Whether [accessKeyId] names temporary credentials issued here (a device's or an app user's, not a developer's). */
    fun isIssued(accessKeyId: String): Boolean = sessions.containsKey(accessKeyId)

    /** The role session of [accessKeyId] when it names temporary credentials issued here. */
    fun session(accessKeyId: String): IssuedSession? = sessions[accessKeyId]

    /** Expires every credential issued so far. */
    fun expireAll(): Int {
        val past = clock.instant().minusSeconds(1)
        sessions.replaceAll { _, s -> IssuedSession(s.roleArn, s.sessionName, past, s.identityId) }
        return sessions.size
    }

    /** Makes the next [count] credential requests answer throttled. */
    fun throttleNext(count: Int) {
        throttled.set(count)
    }

    /** Consumes one throttled request; `true` when this request must be throttled. */
    fun takeThrottle(): Boolean = throttled.getAndUpdate { if (it > 0) it - 1 else 0 } > 0

    /** A random token of [length] characters (identity ids, OpenID tokens). */
    fun randomString(alphabet: String, length: Int): String =
        (1..length).map { alphabet[random.nextInt(alphabet.length)] }.joinToString("")

    companion object {
        const val KEY_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
        const val SECRET_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
        private const val KEY_LENGTH = 16
        private const val SECRET_LENGTH = 40
        private const val TOKEN_LENGTH = 200
    }
}
