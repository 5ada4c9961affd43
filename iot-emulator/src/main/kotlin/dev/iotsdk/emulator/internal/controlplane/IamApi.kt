package dev.iotsdk.emulator.internal.controlplane

import dev.iotsdk.emulator.EmulatorCredentials
import dev.iotsdk.emulator.internal.Policy
import dev.iotsdk.emulator.internal.credentials.CallerPermissions
import dev.iotsdk.emulator.internal.credentials.IamRole
import dev.iotsdk.emulator.internal.credentials.IamRoles
import dev.iotsdk.emulator.internal.dataplane.HeaderSigV4Verifier
import dev.iotsdk.emulator.internal.http.HttpCall
import dev.iotsdk.emulator.internal.http.HttpReply
import dev.iotsdk.emulator.internal.http.HttpServices
import dev.iotsdk.emulator.internal.parseQuery
import java.net.URLEncoder
import java.util.UUID

/**
 * The part of IAM that gives roles their permissions, over IAM's Query protocol (`POST /`, form body
 * `Action=<Operation>&Version=2010-05-08&…`, SigV4 scope `iam` in `us-east-1` (IAM's global endpoint) or the
 * emulator's region, XML answers): CreateRole, GetRole, DeleteRole, PutRolePolicy, GetRolePolicy, DeleteRolePolicy
 * and ListRolePolicies, as the IAM API Reference defines them (inline policies only; `AssumeRolePolicyDocument` is kept
 * but not evaluated). An emulator-specific addition where AWS uses IAM: the AWS CLI
 * (`aws iam put-role-policy --endpoint-url https://localhost:<port443>`) and SDKs reach it as they reach IAM.
 * Temporary credentials need `iam:<Operation>` on the role in their own role's policy; the administrator may do all.
 */
internal class IamApi(
    region: String,
    lookup: (String) -> EmulatorCredentials?,
    private val permissions: CallerPermissions,
    private val roles: IamRoles,
) {
    private val verifiers = setOf(GLOBAL_REGION, region).associateWith {
        HeaderSigV4Verifier(it, lookup, services = setOf(SERVICE))
    }

    private class Failure(val status: Int, val code: String, message: String, cause: Throwable? = null) :
        Exception(message, cause)

    fun registerRoutes(http: HttpServices) {
        http.registerMatching({ it.signingService == SERVICE }) { call -> handle(call) }
    }

    private fun handle(call: HttpCall): HttpReply = try {
        val key = authenticate(call)
        if (call.method != "POST") throw Failure(BAD_REQUEST, "InvalidAction", "IAM takes POST /")
        val form = parseQuery(call.body.decodeToString().replace("+", "%20")).toMap()
        val action = form["Action"] ?: throw Failure(BAD_REQUEST, "MissingAction", "Action is required")
        val roleName = form["RoleName"]
        val resource = roleName?.let { roles.get(it)?.arn ?: "arn:aws:iam::${roles.accountId}:role/$it" } ?: "*"
        if (!permissions.isAllowed(key, "iam:$action", resource)) {
            throw Failure(FORBIDDEN, "AccessDenied", permissions.deniedMessage(key, "iam:$action", resource))
        }
        xml(OK, action, operation(action, form))
    } catch (e: Failure) {
        val error =
            "<Error><Type>Sender</Type><Code>${e.code}</Code><Message>${escape(e.message.orEmpty())}</Message>" +
                "</Error><RequestId>${UUID.randomUUID()}</RequestId>"
        HttpReply(e.status, "<ErrorResponse xmlns=\"$NAMESPACE\">$error</ErrorResponse>".toByteArray(), CONTENT_TYPE)
    }

    /** The verified access key of [call]: signed for `iam` in us-east-1 or the emulator's region. */
    private fun authenticate(call: HttpCall): String {
        val scopeRegion = call.header("authorization")?.substringAfter("Credential=", "")?.split('/')?.getOrNull(2)
        val verifier = verifiers[scopeRegion] ?: verifiers.getValue(GLOBAL_REGION)
        verifier.problem(call)?.let { problem ->
            throw when {
                problem == "Missing Authentication Token" -> Failure(FORBIDDEN, "MissingAuthenticationToken", problem)
                problem.startsWith("The security token") -> Failure(FORBIDDEN, "InvalidClientTokenId", problem)
                else -> Failure(FORBIDDEN, "SignatureDoesNotMatch", problem)
            }
        }
        return verifier.accessKeyId(call) ?: throw Failure(FORBIDDEN, "IncompleteSignature", "No credential")
    }

    /** One request's form: its members, required or not, and the role it names. */
    private inner class Form(private val members: Map<String, String>) {
        fun required(name: String) = members[name]?.takeIf { it.isNotEmpty() }
            ?: throw Failure(BAD_REQUEST, "ValidationError", "1 validation error detected: $name must not be null")

        fun optional(name: String): String? = members[name]

        fun role(): IamRole = roles.get(required("RoleName"))
            ?: throw Failure(NOT_FOUND, "NoSuchEntity", "The role with name ${members["RoleName"]} cannot be found.")
    }

    private fun operation(action: String, members: Map<String, String>): String {
        val form = Form(members)
        return when (action) {
            "CreateRole", "GetRole", "DeleteRole" -> roleOperation(action, form)
            "PutRolePolicy", "GetRolePolicy", "DeleteRolePolicy", "ListRolePolicies" -> policyOperation(action, form)
            else -> throw Failure(
                BAD_REQUEST,
                "InvalidAction",
                "Could not find operation $action for version 2010-05-08",
            )
        }
    }

    private fun roleOperation(action: String, form: Form): String = when (action) {
        "CreateRole" -> {
            val name = form.required("RoleName").also(::checkName)
            form.required("AssumeRolePolicyDocument")
            val role = roles.create(name, form.optional("Path") ?: "/")
                ?: throw Failure(CONFLICT, "EntityAlreadyExists", "Role with name $name already exists.")
            "<Role>${describe(role)}</Role>"
        }
        "GetRole" -> "<Role>${describe(form.role())}</Role>"
        else -> {
            val role = form.role()
            if (role.policies.isNotEmpty()) {
                throw Failure(CONFLICT, "DeleteConflict", "Cannot delete entity, must delete policies first.")
            }
            roles.delete(role.name)
            ""
        }
    }

    private fun policyOperation(action: String, form: Form): String {
        val role = form.role()
        return when (action) {
            "PutRolePolicy" -> {
                val name = form.required("PolicyName").also(::checkName)
                role.policies[name] = try {
                    Policy.parse(name, form.required("PolicyDocument"))
                } catch (e: IllegalArgumentException) {
                    throw Failure(BAD_REQUEST, "MalformedPolicyDocument", e.message.orEmpty(), e)
                }
                ""
            }
            "GetRolePolicy" -> {
                val name = form.required("PolicyName")
                val policy = role.policies[name] ?: throw noPolicy(role, name)
                "<RoleName>${escape(role.name)}</RoleName><PolicyName>${escape(name)}</PolicyName>" +
                    "<PolicyDocument>${escape(encode(policy.document))}</PolicyDocument>"
            }
            "DeleteRolePolicy" -> {
                val name = form.required("PolicyName")
                role.policies.remove(name) ?: throw noPolicy(role, name)
                ""
            }
            else -> "<PolicyNames>" + role.policies.keys.sorted().joinToString("") {
                "<member>${escape(it)}</member>"
            } +
                "</PolicyNames><IsTruncated>false</IsTruncated>"
        }
    }

    private fun noPolicy(role: IamRole, name: String) =
        Failure(NOT_FOUND, "NoSuchEntity", "The role policy with name $name cannot be found in role ${role.name}.")

    private fun checkName(name: String) {
        if (!NAME.matches(name)) throw Failure(BAD_REQUEST, "ValidationError", "Names must match [\\w+=,.@-]{1,128}")
    }

    private fun describe(role: IamRole): String = "<Path>/</Path><RoleName>${escape(role.name)}</RoleName>" +
        "<RoleId>AROA${role.name.hashCode().toUInt()}</RoleId><Arn>${escape(role.arn)}</Arn>" +
        "<CreateDate>${role.created}</CreateDate>"

    private fun xml(status: Int, action: String, result: String): HttpReply {
        val resultElement = if (result.isEmpty()) "" else "<${action}Result>$result</${action}Result>"
        val body = "<${action}Response xmlns=\"$NAMESPACE\">$resultElement" +
            "<ResponseMetadata><RequestId>${UUID.randomUUID()}</RequestId></ResponseMetadata></${action}Response>"
        return HttpReply(status, body.toByteArray(), CONTENT_TYPE)
    }

    private fun encode(text: String) = URLEncoder.encode(text, Charsets.UTF_8).replace("+", "%20")

    private fun escape(text: String) =
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")

    private companion object {
        const val SERVICE = "iam"
        const val GLOBAL_REGION = "us-east-1"
        const val NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/"
        const val OK = 200
        const val BAD_REQUEST = 400
        const val FORBIDDEN = 403
        const val NOT_FOUND = 404
        const val CONFLICT = 409
        val CONTENT_TYPE = mapOf("Content-Type" to "text/xml")
        val NAME = Regex("[\\w+=,.@-]{1,128}")
    }
}
