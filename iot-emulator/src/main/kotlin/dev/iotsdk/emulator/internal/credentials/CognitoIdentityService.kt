package dev.iotsdk.emulator.internal.credentials

import dev.iotsdk.emulator.EmulatorCredentials
import dev.iotsdk.emulator.internal.dataplane.HeaderSigV4Verifier
import dev.iotsdk.emulator.internal.http.HttpCall
import dev.iotsdk.emulator.internal.http.HttpReply
import dev.iotsdk.emulator.internal.http.HttpServices
import kotlinx.serialization.json.Json
import kotlinx.serialization.json.JsonObject
import kotlinx.serialization.json.JsonPrimitive
import kotlinx.serialization.json.buildJsonObject
import kotlinx.serialization.json.jsonPrimitive
import kotlinx.serialization.json.put
import java.util.UUID
import java.util.concurrent.ConcurrentHashMap

/** The service's errors ([CognitoPoolAdmin] throws the same). */
private typealias Failure = CognitoFailure

/** An identity pool: whether guests may get credentials, the developer provider name, how long credentials last. */
internal class IdentityPool(
    val id: String,
    val name: String,
    val allowUnauthenticated: Boolean,
    val developerProviderName: String?,
    val durationSeconds: Long,
)

/**
 * Amazon Cognito identity pools over the AWS JSON 1.1 protocol (`POST /`, `X-Amz-Target:
 * AWSCognitoIdentityService.<Operation>`): GetId, GetCredentialsForIdentity, GetOpenIdTokenForDeveloperIdentity and
 * the pool roles ([IdentityPoolRoles]: SetIdentityPoolRoles, GetIdentityPoolRoles; credentials carry the role's
 * IAM policies).
 * Identities are unauthenticated (no logins) or developer-authenticated (logins
 * `{"cognito-identity.amazonaws.com": <OpenID token>}` from GetOpenIdTokenForDeveloperIdentity; that and the role
 * operations only a developer signing with SigV4 may call). Errors answer
 * `{"__type": "<Code>", "message": ...}` and `x-amzn-ErrorType` with the HTTP status the Cognito Identity model gives
 * the
 * code (AWS SDK for Kotlin `cognito-identity.json`: NotAuthorized 403, ResourceNotFound 404, TooManyRequests 429,
 * ResourceConflict 409, InternalError 500, the others 400).
 */
internal class CognitoIdentityService(
    private val region: String,
    private val issued: IssuedCredentials,
    credentials: (String) -> EmulatorCredentials?,
    /** The pools' IAM roles (shared with the admin API). */
    val roles: IdentityPoolRoles = IdentityPoolRoles(),
) {
    /** GetOpenIdTokenForDeveloperIdentity is a developer's (backend's) call: SigV4 with scope `cognito-identity`. */
    private val verifier = HeaderSigV4Verifier(region, credentials, services = setOf(SIGNING_NAME))

    internal class Identity(val id: String, val poolId: String, val authenticated: Boolean)

    // pools, identities and developer users are saved by CognitoStatePart (OpenID tokens are not: they expire)
    internal val pools = ConcurrentHashMap<String, IdentityPool>()
    internal val identities = ConcurrentHashMap<String, Identity>()
    internal val developerUsers = ConcurrentHashMap<String, String>()
    private val tokens = ConcurrentHashMap<String, String>()

    fun createPool(
        name: String,
        allowUnauthenticated: Boolean,
        developerProviderName: String?,
        durationSeconds: Long,
    ): String {
        val id = "$region:${UUID.randomUUID()}"
        pools[id] = IdentityPool(id, name, allowUnauthenticated, developerProviderName, durationSeconds)
        return id
    }

    /** GetOpenIdTokenForDeveloperIdentity: the identity of [userIdentifier] in [poolId] and a token for it. */
    fun developerToken(poolId: String, userIdentifier: String): Pair<String, String> {
        val pool = requireNotNull(pools[poolId]) { "no identity pool $poolId" }
        requireNotNull(pool.developerProviderName) { "identity pool $poolId has no developer provider name" }
        val identityId = developerUsers.computeIfAbsent("$poolId/$userIdentifier") {
            newIdentity(poolId, authenticated = true)
        }
        val token = issued.randomString(IssuedCredentials.SECRET_ALPHABET, TOKEN_LENGTH)
        tokens[token] = identityId
        return identityId to token
    }

    fun registerRoutes(http: HttpServices) {
        http.registerMatching({ it.header("x-amz-target")?.startsWith(TARGET_PREFIX) == true }) { call -> handle(call) }
    }

    private val poolAdmin = CognitoPoolAdmin(pools) { name, allow, provider ->
        createPool(name, allow, provider, DEFAULT_DURATION_SECONDS)
    }

    private fun handle(call: HttpCall): HttpReply = try {
        if (call.method != "POST") throw Failure("UnknownOperationException", "Cognito Identity takes POST /")
        val body = runCatching { Json.parseToJsonElement(call.body.decodeToString()) as JsonObject }
            .getOrElse { throw Failure("SerializationException", "The request body is not a JSON object") }
        if (issued.takeThrottle()) throw Failure("TooManyRequestsException", "Rate exceeded")
        val result = when (val operation = call.header("x-amz-target")!!.removePrefix(TARGET_PREFIX)) {
            "GetId" -> getId(body)
            "GetCredentialsForIdentity" -> getCredentials(body)
            "GetOpenIdTokenForDeveloperIdentity" -> {
                requireDeveloper(call, operation)
                openIdToken(body)
            }
            "SetIdentityPoolRoles" -> {
                requireDeveloper(call, operation)
                val (authenticated, unauthenticated) = roles.parse(body).getOrElse {
                    throw Failure("InvalidParameterException", it.message.orEmpty())
                }
                roles.set(pool(body).id, authenticated, unauthenticated)
                JsonObject(emptyMap())
            }
            "GetIdentityPoolRoles" -> {
                requireDeveloper(call, operation)
                roles.describe(pool(body).id)
            }
            else -> if (poolAdmin.handles(operation)) {
                requireDeveloper(call, operation)
                poolAdmin.handle(operation, body)
            } else {
                throw Failure("UnknownOperationException", "Unknown operation $operation")
            }
        }
        HttpReply(200, result.toString().toByteArray(), mapOf("Content-Type" to CONTENT_TYPE))
    } catch (e: Failure) {
        val error = buildJsonObject {
            put("__type", e.code)
            put("message", e.message)
        }
        HttpReply(
            statusOf(e.code),
            error.toString().toByteArray(),
            mapOf(
                "Content-Type" to CONTENT_TYPE,
                "x-amzn-ErrorType" to e.code,
            ),
        )
    }

    private fun getId(body: JsonObject): JsonObject {
        val pool = pool(body)
        val logins = logins(body)
        val identityId = if (logins.isEmpty()) {
            if (!pool.allowUnauthenticated) {
                throw Failure(
                    "NotAuthorizedException",
                    "Unauthenticated access is not supported for this identity pool.",
                )
            }
            newIdentity(pool.id, authenticated = false)
        } else {
            loginIdentity(logins, pool.id)
        }
        return buildJsonObject { put("IdentityId", identityId) }
    }

    private fun getCredentials(body: JsonObject): JsonObject {
        val identityId =
            string(body, "IdentityId")
                ?: throw Failure(
                    "InvalidParameterException",
                    "1 validation error detected: IdentityId must not be null",
                )
        val identity =
            identities[identityId] ?: throw Failure("ResourceNotFoundException", "Identity '$identityId' not found.")
        val pool =
            pools[identity.poolId]
                ?: throw Failure("ResourceNotFoundException", "IdentityPool '${identity.poolId}' not found.")
        val logins = logins(body)
        if (identity.authenticated) {
            if (logins.isEmpty() || loginIdentity(logins, pool.id) != identityId) {
                throw Failure(
                    "NotAuthorizedException",
                    "Logins don't match. Please include at least one valid login for this identity or identity pool.",
                )
            }
        } else if (!pool.allowUnauthenticated) {
            throw Failure("NotAuthorizedException", "Unauthenticated access is not supported for this identity pool.")
        }
        val role = roles.roleFor(pool.id, identity.authenticated)
        val (credentials, expiry) = issued.issue(
            pool.durationSeconds,
            role,
            SESSION_NAME,
            identityId.takeIf {
                identity.authenticated
            },
        )
        return buildJsonObject {
            put("IdentityId", identityId)
            put(
                "Credentials",
                buildJsonObject {
                    put("AccessKeyId", credentials.accessKeyId)
                    put("SecretKey", credentials.secretAccessKey)
                    put("SessionToken", credentials.sessionToken)
                    put("Expiration", expiry.epochSecond)
                },
            )
        }
    }

    /**
     * The developer calling. Cognito API Reference, GetOpenIdTokenForDeveloperIdentity: "For this operation, you must
     * use IAM credentials to authorize requests, and you must grant yourself the corresponding IAM permission in a
     * policy" (SigV4, unlike GetId and GetCredentialsForIdentity, which apps call unsigned). Temporary credentials the emulator issued to devices and
     * app users are not developer credentials (their roles grant no `cognito-identity:` action).
     */
    private fun requireDeveloper(call: HttpCall, operation: String) {
        verifier.problem(call)?.let { problem ->
            throw when {
                problem == "Missing Authentication Token" ->
                    Failure("MissingAuthenticationTokenException", "Request is missing Authentication Token")
                problem.startsWith("The security token") -> Failure("UnrecognizedClientException", problem)
                else -> Failure("InvalidSignatureException", problem)
            }
        }
        val accessKeyId = verifier.accessKeyId(call) ?: throw Failure("IncompleteSignatureException", "No credential")
        if (issued.isIssued(accessKeyId)) {
            throw Failure(
                "AccessDeniedException",
                "These temporary credentials are not authorized to perform: cognito-identity:$operation",
            )
        }
    }

    private fun openIdToken(body: JsonObject): JsonObject {
        val pool = pool(body)
        val provider =
            pool.developerProviderName
                ?: throw Failure("NotAuthorizedException", "This identity pool has no developer provider.")
        val user =
            logins(body)[provider]
                ?: throw Failure("NotAuthorizedException", "Logins must contain the developer provider $provider.")
        val (identityId, token) = developerToken(pool.id, user)
        return buildJsonObject {
            put("IdentityId", identityId)
            put("Token", token)
        }
    }

    private fun pool(body: JsonObject): IdentityPool {
        val poolId =
            string(body, "IdentityPoolId")
                ?: throw Failure(
                    "InvalidParameterException",
                    "1 validation error detected: IdentityPoolId must not be null",
                )
        if (!POOL_ID.matches(
                poolId,
            )
        ) {
            throw Failure(
                "InvalidParameterException",
                "1 validation error detected: Value '$poolId' at 'identityPoolId' failed to satisfy constraint",
            )
        }
        return pools[poolId] ?: throw Failure("ResourceNotFoundException", "IdentityPool '$poolId' not found.")
    }

    private fun loginIdentity(logins: Map<String, String>, poolId: String): String {
        val token =
            logins[COGNITO_PROVIDER]
                ?: throw Failure(
                    "NotAuthorizedException",
                    "Invalid login token. Not a valid OpenId Connect identity token.",
                )
        val identityId =
            tokens[token]
                ?: throw Failure("NotAuthorizedException", "Invalid login token. Token is expired or invalid.")
        if (identities[identityId]?.poolId !=
            poolId
        ) {
            throw Failure("NotAuthorizedException", "Invalid login token. Token is not for this identity pool.")
        }
        return identityId
    }

    private fun newIdentity(poolId: String, authenticated: Boolean): String {
        val id = "$region:${UUID.randomUUID()}"
        identities[id] = Identity(id, poolId, authenticated)
        return id
    }

    private fun logins(body: JsonObject): Map<String, String> =
        (body["Logins"] as? JsonObject)?.mapValues { (_, v) -> (v as? JsonPrimitive)?.content ?: "" }.orEmpty()

    private fun string(body: JsonObject, key: String): String? = runCatching {
        body[key]?.jsonPrimitive?.content
    }.getOrNull()

    private fun statusOf(code: String): Int = when (code) {
        "NotAuthorizedException" -> 403
        "ResourceNotFoundException" -> 404
        "ResourceConflictException" -> 409
        "TooManyRequestsException" -> 429
        "InternalErrorException" -> 500
        else -> 400
    }

    private companion object {
        const val SESSION_NAME = "CognitoIdentityCredentials"
        const val TARGET_PREFIX = "AWSCognitoIdentityService."
        const val SIGNING_NAME = "cognito-identity"
        const val CONTENT_TYPE = "application/x-amz-json-1.1"
        const val COGNITO_PROVIDER = "cognito-identity.amazonaws.com"
        const val TOKEN_LENGTH = 120
        const val DEFAULT_DURATION_SECONDS = 3600L
        val POOL_ID = Regex("[\\w-]+:[0-9a-f-]+")
    }
}
