package dev.iotsdk.emulator.credentials

import dev.iotsdk.emulator.DeveloperIdentityToken
import dev.iotsdk.emulator.internal.Policy
import dev.iotsdk.emulator.internal.credentials.IamRoles
import dev.iotsdk.emulator.internal.credentials.RoleAlias
import dev.iotsdk.emulator.internal.runtime.EmulatorRuntime

/**
 * Temporary credentials in the emulator ([dev.iotsdk.emulator.IotEmulator.temporaryCredentials]): the AWS IoT
 * credentials provider's role aliases (devices call it on `port8443` with their certificate) and Amazon Cognito
 * identity pools (apps call them on `port443`).
 *
 * ```kotlin
 * emulator.temporaryCredentials.createRoleAlias("camera-role", "arn:aws:iam::123456789012:role/camera")
 * val pool = emulator.temporaryCredentials.createIdentityPool("app", allowUnauthenticated = true)
 * ```
 * Every method may be called from any thread.
 */
public class CredentialsEmulator internal constructor(private val runtime: EmulatorRuntime) {
    /**
     * Creates (or replaces) role alias [name] for [roleArn]. Devices get temporary credentials for it from
     * `GET https://<endpoint>:<port8443>/role-aliases/<name>/credentials` with their certificate (whose policies must
     * allow `iot:AssumeRoleWithCertificate` on `arn:aws:iot:<region>:<account>:rolealias/<name>`); those credentials
     * are valid for [durationSeconds] (AWS allows 900..43200; the emulator takes any positive value) for SigV4
     * WebSocket connections and the data plane.
     */
    @JvmOverloads
    public fun createRoleAlias(name: String, roleArn: String, durationSeconds: Long = DEFAULT_DURATION_SECONDS) {
        require(name.matches(ROLE_ALIAS)) { "invalid role alias '$name' (allowed: [\\w=,@-]{1,128})" }
        require(durationSeconds > 0) { "durationSeconds must be positive" }
        runtime.roleAliases.put(RoleAlias(name, roleArn, durationSeconds))
    }

    /**
     * Creates a Cognito identity pool and returns its id (`<region>:<uuid>`). Apps call GetId and
     * GetCredentialsForIdentity on `https://<endpoint>:<port443>/` (AWS JSON 1.1); the credentials returned are valid
     * for [credentialsDurationSeconds] for SigV4 WebSocket connections and the data plane. Guests (no logins) are
     * served only when [allowUnauthenticated]; with a [developerProviderName], developer-authenticated identities
     * log in with `{"cognito-identity.amazonaws.com": token}` from [developerIdentityToken] (or from
     * GetOpenIdTokenForDeveloperIdentity, signed with the developer's credentials).
     */
    @JvmOverloads
    public fun createIdentityPool(
        name: String,
        allowUnauthenticated: Boolean,
        developerProviderName: String? = null,
        credentialsDurationSeconds: Long = DEFAULT_DURATION_SECONDS,
    ): String {
        require(credentialsDurationSeconds > 0) { "credentialsDurationSeconds must be positive" }
        return runtime.cognito.createPool(name, allowUnauthenticated, developerProviderName, credentialsDurationSeconds)
    }

    /**
     * What a backend gets from GetOpenIdTokenForDeveloperIdentity for [userIdentifier] in [identityPoolId]: the
     * identity id and an OpenID token to put in the logins map under `cognito-identity.amazonaws.com`.
     * @throws IllegalArgumentException when the pool is unknown or has no developer provider name.
     */
    public fun developerIdentityToken(identityPoolId: String, userIdentifier: String): DeveloperIdentityToken {
        val (identityId, token) = runtime.cognito.developerToken(identityPoolId, userIdentifier)
        return DeveloperIdentityToken(identityId, token)
    }

    /**
     * Puts (creates or replaces) inline policy [policyName] on IAM role [roleArn], creating the role when the emulator
     * has none of that name (as IAM's `CreateRole` then `PutRolePolicy`, also served on `port443` for the AWS CLI and
     * SDKs). Temporary credentials of the role (role aliases naming it, identity pools using it) may then do exactly
     * what the role's policies allow on MQTT over WebSocket, the data plane and the control plane: an explicit Deny
     * wins, then an Allow; a role with no policy gets [dev.iotsdk.emulator.IotEmulatorConfig.defaultRolePolicy].
     *
     * ```kotlin
     * emulator.temporaryCredentials.putRolePolicy(
     *     "arn:aws:iam::123456789012:role/camera",
     *     "publish-own-topic",
     *     """{"Statement":[{"Effect":"Allow","Action":["iot:Connect","iot:Publish"],"Resource":"*"}]}""",
     * )
     * ```
     * @throws IllegalArgumentException when [roleArn] is not an IAM role ARN or [policyDocument] is not a policy.
     */
    public fun putRolePolicy(roleArn: String, policyName: String, policyDocument: String) {
        val policy = Policy.parse(policyName, policyDocument)
        val role = requireNotNull(runtime.iamRoles.byArn(roleArn, create = true)) { "not an IAM role ARN: $roleArn" }
        role.policies[policyName] = policy
    }

    /** Deletes inline policy [policyName] of role [roleArn]; `false` when there was none. */
    public fun deleteRolePolicy(roleArn: String, policyName: String): Boolean =
        runtime.iamRoles.byArn(roleArn)?.policies?.remove(policyName) != null

    /**
     * Sets the IAM roles of identity pool [identityPoolId] (Cognito's SetIdentityPoolRoles, also served on
     * `port443`): credentials for authenticated identities get [authenticatedRoleArn]'s policies, guests
     * [unauthenticatedRoleArn]'s; `null` leaves that kind of identity with the default role policy.
     *
     * ```kotlin
     * emulator.temporaryCredentials.setIdentityPoolRoles(pool, null, "arn:aws:iam::123456789012:role/guest")
     * ```
     * @throws IllegalArgumentException when an ARN is not an IAM role ARN.
     */
    public fun setIdentityPoolRoles(
        identityPoolId: String,
        authenticatedRoleArn: String?,
        unauthenticatedRoleArn: String?,
    ) {
        listOfNotNull(authenticatedRoleArn, unauthenticatedRoleArn).forEach {
            require(IamRoles.roleName(it) != null) { "not an IAM role ARN: $it" }
        }
        runtime.cognito.roles.set(identityPoolId, authenticatedRoleArn, unauthenticatedRoleArn)
    }

    /**
     * Expires every credential issued so far, as if their time had passed; SigV4 requests and WebSocket connections
     * signed with them are refused from now on (open connections stay open). Returns how many were expired.
     */
    public fun expireIssuedCredentials(): Int = runtime.issuedCredentials.expireAll()

    /**
     * The next [count] requests to the credentials endpoints are throttled (IoT: 429 `Rate exceeded`; Cognito:
     * `TooManyRequestsException`).
     */
    public fun throttleCredentialRequests(count: Int): Unit = runtime.issuedCredentials.throttleNext(count)

    private companion object {
        private const val DEFAULT_DURATION_SECONDS = 3600L
        val ROLE_ALIAS = Regex("[\\w=,@-]{1,128}")
    }
}
