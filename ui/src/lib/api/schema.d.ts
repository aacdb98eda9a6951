/**
 * The API's types, generated from docs/openapi.json by `npm run openapi:write` (openapi-typescript).
 * Do not edit: change the route's schemas in web-api/ and run the command again.
 */

export interface paths {
    "/api/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Client accounts the caller works on */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            accounts: components["schemas"]["AccountSummary"][];
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/{accountId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One account: team, users, invitations, engagements */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AccountDetail"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/{accountId}/audit-digest": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether the account receives its own audit checkpoint digests by email, and who */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            setting: components["schemas"]["AuditDigestSetting"];
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Choose who receives the account's audit checkpoint digests: off, the client admins, or one address (the account's client admins and the business's admins) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        address?: string | null;
                        /** @enum {string} */
                        recipients: "off" | "client_admins" | "address";
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            setting: components["schemas"]["AuditDigestSetting"];
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/{accountId}/engagements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start an engagement (its workflow) for the account */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        milestones?: (string | {
                            /** @enum {string} */
                            owner: "client" | "staff";
                            title: string;
                        })[];
                        /** Format: uuid */
                        templateId?: string;
                        title?: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            engagement: components["schemas"]["Engagement"];
                        };
                    };
                };
                /** @description Accepted: the change is committed and its workflow command is being delivered */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            engagement: components["schemas"]["Engagement"];
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description work_paused */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/{accountId}/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Invite a person to the account (staff on their accounts; a client admin on their own account) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        name?: string;
                        /** @enum {string} */
                        role: "client_member" | "client_admin";
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            invitation: {
                                email: string;
                                expiresAt: string;
                                /** Format: uuid */
                                id: string;
                                role: components["schemas"]["Role"];
                            };
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/{accountId}/invoices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Billing history of an account: amounts, states, due dates (clients see sent invoices only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceList"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a draft invoice (account team): lines, tax rate in basis points, currency, dates, notes and its dunning policy. Money is integer minor units. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currency: string;
                        dueDate: string;
                        dunning?: {
                            /** @default null */
                            finalAction?: ("notify_manager" | "pause_work" | "hand_to_person") | null;
                            /** @default null */
                            repeatEveryDays?: number | null;
                            steps: {
                                /** @default null */
                                escalation?: ("notify_manager" | "pause_work" | "hand_to_person") | null;
                                key: string;
                                /** @default null */
                                lateFee?: ({
                                    amountMinor: number;
                                    /** @constant */
                                    type: "fixed";
                                } | {
                                    basisPoints: number;
                                    /** @constant */
                                    type: "percent";
                                }) | null;
                                offsetDays: number;
                            }[];
                        } | null;
                        engagementId?: string | null;
                        issueDate?: string | null;
                        lines: {
                            description: string;
                            /** @default 1000 */
                            quantityMilli?: number;
                            unitMinor: number;
                        }[];
                        /** @default  */
                        notes?: string;
                        /** @default 0 */
                        taxRateBp?: number;
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/{accountId}/library": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A folder of the account's file library (the top without folderId): its folders and files with their current version, the path to it, the storage used and what the caller may do. Clients never see staff-only folders or files. */
        get: {
            parameters: {
                query?: {
                    folderId?: string;
                };
                header?: never;
                path: {
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LibraryListing"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/{accountId}/library/files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a new file into the account's library (the raw file as the body, its name in ?name=, the folder in ?folderId=). Type judged from the content (415), size against the per-file limit and the account's storage quota (413). An Idempotency-Key header makes a retry create nothing twice. ?staffOnly=1 (account team) keeps it from clients. */
        post: {
            parameters: {
                query?: {
                    name?: string;
                    folderId?: string;
                    staffOnly?: "0" | "1" | "true" | "false";
                };
                header?: never;
                path: {
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/pdf": Blob;
                    "application/vnd.oasis.opendocument.spreadsheet": Blob;
                    "application/vnd.oasis.opendocument.text": Blob;
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation": Blob;
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": Blob;
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": Blob;
                    "application/zip": Blob;
                    "image/gif": Blob;
                    "image/jpeg": Blob;
                    "image/png": Blob;
                    "image/webp": Blob;
                    "text/csv": Blob;
                    "text/plain": Blob;
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LibraryFileDetail"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/{accountId}/library/folders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a folder (at the top, or in parentId). Clients create folders they see; only the team makes staff-only ones. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        parentId?: string | null;
                        staffOnly?: boolean;
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            folder: components["schemas"]["LibraryFolder"];
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/accounts/{accountId}/team/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Assign a staff member to the account team, or change their role on it (admin) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default false */
                        isManager?: boolean;
                        teamRole: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            member: {
                                isManager: boolean;
                                teamRole: string;
                                /** Format: uuid */
                                userId: string;
                            };
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Remove a staff member from the account team (admin) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    accountId: string;
                    userId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Create a client account (admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        stage?: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            account: {
                                /** Format: uuid */
                                id: string;
                                name: string;
                                stage: string;
                            };
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/branding": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Branding settings (admin) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            businessName: string;
                            emailFrom: string;
                            logoUrl: string | null;
                            primaryColor: string;
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Change name, colour and email sender (admin) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        businessName: string;
                        emailFrom: string;
                        primaryColor: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            branding: components["schemas"]["Branding"];
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/branding/logo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Upload the logo as the raw request body (PNG, JPEG or WebP, at most 512 KB) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "image/jpeg": Blob;
                    "image/png": Blob;
                    "image/webp": Blob;
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            branding: components["schemas"]["Branding"];
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Invite a member of the business (staff, admin or compliance reviewer) by email (admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        name?: string;
                        /** @enum {string} */
                        role: "staff" | "admin" | "compliance_reviewer";
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            invitation: {
                                email: string;
                                expiresAt: string;
                                /** Format: uuid */
                                id: string;
                                role: string;
                            };
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/outbox": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest queued and sent email (how admins read mail when no SMTP server is configured). Links carrying a token and one-time codes show redacted (••••): nobody, admins included, can use them from here. */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            emails: components["schemas"]["OutboxEmail"][];
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/admin/users/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change a user's role or disable/enable them (admin). Disabling ends all their sessions. */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    userId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        disabled?: boolean;
                        /** @enum {string} */
                        role?: "client_member" | "client_admin" | "staff" | "admin" | "compliance_reviewer";
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            user: {
                                disabled: boolean;
                                /** Format: uuid */
                                id: string;
                                role: string;
                            };
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/audit/actions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The actions recorded in the audit trail, for the event browser's filter (compliance reviewers and admins) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            actions: string[];
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/checkpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Signed checkpoints of the audit chain, oldest first, with their signatures and the keys that made them (compliance reviewers and admins); keyset pagination with `after` */
        get: {
            parameters: {
                query?: {
                    after?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            checkpoints: {
                                count: number;
                                createdAt: string;
                                headHash: string;
                                id: number;
                                keyId: number;
                                seq: number;
                                signature: string;
                                signatureValid: boolean;
                            }[];
                            keys: {
                                fingerprint: string;
                                id: number;
                                publicKeyPem: string;
                            }[];
                            nextAfter: number | null;
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/engagements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Engagements to open the evidence of (compliance reviewers and admins), newest first, at most 200 */
        get: {
            parameters: {
                query?: {
                    accountId?: string;
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            engagements: components["schemas"]["AuditEngagement"][];
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Browse the audit events of every account (compliance reviewers and admins), newest first: filters by account, engagement, person, action or prefix, time and text; keyset pages by seq (before/after) */
        get: {
            parameters: {
                query?: {
                    accountId?: string;
                    engagementId?: string;
                    person?: string;
                    action?: string;
                    from?: string;
                    to?: string;
                    q?: string;
                    targetType?: string;
                    targetId?: string;
                    before?: number;
                    after?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AuditEventPage"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/events/{seq}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One audit event with its hash, whether the hash recomputes, its predecessor (seq and hash) and whether the link holds, and its neighbours (compliance reviewers and admins) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    seq: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AuditEventDetail"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Evidence export (admins and compliance reviewers): a ZIP, streamed, of the audit events of an engagement, an account and/or a period (JSON Lines and CSV), the chain segment that proves them, the approved deliverable versions, sealed PDFs with their certificates, invoices as sent, a PDF report, and manifest.json with its detached Ed25519 signature (manifest.json.sig). Recorded as the audit event evidence.exported before the bundle is sent. Check it offline with `npm run evidence:verify -- bundle.zip`. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: uuid */
                        accountId?: string;
                        /** Format: uuid */
                        engagementId?: string;
                        /** Format: date-time */
                        from?: string;
                        /** Format: date-time */
                        to?: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/zip": Blob;
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Verify the whole audit hash chain (compliance reviewers); lists every changed event, broken link and run of deleted events */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChainVerification"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in with email and password */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                        password: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SignedIn"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description invalid_credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description too_many_attempts */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: the session row is deleted; the answer carries an anonymous CSRF token */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            csrfToken: string;
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password-reset/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set a new password with a reset link; ends the other sessions and signs in */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        password: string;
                        token: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SignedIn"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description link_invalid */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description too_many_attempts */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password-reset/request": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Email a password reset link (answers the same whether or not the address is known) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        email: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": Record<string, never>;
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description too_many_attempts */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/branding": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The business branding shown on every page */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Branding"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/branding/logo": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The business logo */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Image */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/*": unknown;
                    };
                };
                /** @description No logo */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/deliverables/{deliverableId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A deliverable: its versions, rounds, stages, decisions (with the version hash each was made on) and comments */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    deliverableId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeliverableDetail"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/deliverables/{deliverableId}/comments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Comment on a version (optionally anchored to a page or region), reply to a comment, or (team only) leave an internal note; @mentions notify the people named */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    deliverableId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        anchor?: {
                            /** @default 0 */
                            h?: number;
                            page?: number;
                            /** @default 0 */
                            w?: number;
                            x: number;
                            y: number;
                        };
                        body: string;
                        /** @default false */
                        internal?: boolean;
                        /** Format: uuid */
                        parentId?: string;
                        /** Format: uuid */
                        versionId: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            commentId: string;
                            comments: components["schemas"]["ReviewComment"][];
                            deliverable: {
                                /** Format: uuid */
                                accountId: string;
                                accountName: string;
                                currentVersion: number | null;
                                description: string;
                                dueAt: string | null;
                                /** Format: uuid */
                                engagementId: string;
                                engagementTitle: string;
                                /** Format: uuid */
                                id: string;
                                /** @description How an approved deliverable was approved */
                                outcome: components["schemas"]["ReviewDecision"] | null;
                                overdue: boolean;
                                review: components["schemas"]["Review"];
                                round: number;
                                stages: {
                                    key: string;
                                    title: string;
                                }[];
                                status: components["schemas"]["DeliverableStatus"];
                                title: string;
                                unlocked: boolean;
                                updatedAt: string;
                                waitingOn: string[];
                                waitingOnYou: boolean;
                            };
                            permissions: {
                                comment: boolean;
                                /** @description The open stages the caller may decide in */
                                decide: {
                                    key: string;
                                    title: string;
                                }[];
                                download: boolean;
                                internalNotes: boolean;
                                upload: boolean;
                            };
                            versions: components["schemas"]["DeliverableVersion"][];
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/deliverables/{deliverableId}/decisions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decide on the version under review, as a reviewer of an open stage (a Workflow Update; refused for an old version, a non-reviewer or a repeat). A reviewer may change their decision until the stage closes. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    deliverableId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        comment?: string;
                        /** @enum {string} */
                        decision: "approved" | "approved_with_changes" | "changes_requested" | "rejected";
                        stageKey?: string;
                        /** Format: uuid */
                        versionId: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeliverableDetail"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/deliverables/{deliverableId}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a new version (raw body, ?name=): a new review round opens and reviewers are told. The same Idempotency-Key again creates no second version. */
        post: {
            parameters: {
                query?: {
                    name?: string;
                    note?: string;
                };
                header?: never;
                path: {
                    deliverableId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/pdf": Blob;
                    "application/vnd.oasis.opendocument.spreadsheet": Blob;
                    "application/vnd.oasis.opendocument.text": Blob;
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation": Blob;
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": Blob;
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": Blob;
                    "application/zip": Blob;
                    "image/gif": Blob;
                    "image/jpeg": Blob;
                    "image/png": Blob;
                    "image/webp": Blob;
                    "text/csv": Blob;
                    "text/plain": Blob;
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeliverableDetail"];
                    };
                };
                /** @description Accepted: the change is committed and its workflow command is being delivered */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeliverableDetail"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/deliverables/{deliverableId}/versions/{number}/file": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A version's file: inline previews (images, PDF) for everyone who may see the deliverable; downloads for clients once unlocked */
        get: {
            parameters: {
                query?: {
                    inline?: "1";
                };
                header?: never;
                path: {
                    deliverableId: string;
                    number: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "*/*": Blob;
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{documentId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A document: its status, fields, signers and what the caller may do */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DocumentDetail"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{documentId}/certificate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The certificate of completion alone, as a PDF (account people) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": Blob;
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{documentId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The document's audit events in order (JSON, or CSV to download) */
        get: {
            parameters: {
                query?: {
                    format?: "json" | "csv";
                };
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            events: components["schemas"]["DocumentEvent"][];
                        };
                        "text/csv": Blob;
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{documentId}/original": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The original PDF, unchanged (account people) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": Blob;
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{documentId}/pages/{page}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One page of the original, as a PNG (for placing fields and for signers to read); account people and the document's signers */
        get: {
            parameters: {
                query?: {
                    w?: number;
                };
                header?: never;
                path: {
                    documentId: string;
                    page: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/png": Blob;
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{documentId}/sealed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The sealed PDF (fields stamped, certificate appended): account people and the document's signers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": Blob;
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{documentId}/send": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a draft for signature: its workflow starts, the first signer(s) get their link */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DocumentDetail"];
                    };
                };
                /** @description Accepted: the change is committed and its workflow command is being delivered */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DocumentDetail"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict or work_paused */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{documentId}/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set the signers (in order), their fields on the pages, reminders and expiry of a draft (account team) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default 30 */
                        expiresAfterDays?: number;
                        fields: {
                            h: number;
                            id?: string;
                            /** @default  */
                            label?: string;
                            page: number;
                            /** @default true */
                            required?: boolean;
                            signerKey: string;
                            /** @enum {string} */
                            type: "signature" | "initials" | "date" | "text";
                            w: number;
                            x: number;
                            y: number;
                        }[];
                        /**
                         * @default sequential
                         * @enum {string}
                         */
                        ordering?: "sequential" | "parallel";
                        /** @default 3 */
                        reminderEveryDays?: number;
                        signers: {
                            email: string;
                            key?: string;
                            name: string;
                            roleLabel: string;
                            userId?: string | null;
                        }[];
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DocumentDetail"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{documentId}/signing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signer's view: the disclosure, the document's pages, their own fields, their status (signed in, or by link and code). Records nothing: the signing page records the view with POST …/signing/viewed */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SignerSession"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{documentId}/signing/consent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Consent to electronic records and signatures (recorded with time, IP and user agent) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @constant */
                        agree: true;
                        disclosureVersion: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            consentAt: string;
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{documentId}/signing/decline": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Decline to sign, with a reason: the collection stops and the account team is told */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @constant */
                            declined: true;
                            document: components["schemas"]["SignatureDocument"];
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{documentId}/signing/sign": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign (a Workflow Update: refused if it is not your turn, you signed already, or the document was declined, voided or has expired) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        initials?: string;
                        signature: {
                            text: string;
                            /** @constant */
                            type: "typed";
                        } | {
                            png: string;
                            /** @constant */
                            type: "drawn";
                        };
                        /** @default {} */
                        values?: {
                            [key: string]: string;
                        };
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            document: components["schemas"]["SignatureDocument"];
                            /** @constant */
                            signed: true;
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{documentId}/signing/viewed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record that the signer has the document in front of them (the certificate's "Viewed" time): once, while it collects signatures */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            viewedAt: string | null;
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/documents/{documentId}/void": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Void a document being signed, with a reason (account team); signers are told */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    documentId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DocumentDetail"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/engagements/{engagementId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An engagement with its milestones (from the read model) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    engagementId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EngagementDetail"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/engagements/{engagementId}/deliverables": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An engagement's deliverables, those waiting on the caller first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    engagementId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliverables: components["schemas"]["DeliverableSummary"][];
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add a deliverable with its review policy (stages in sequence or parallel, reviewers, rule, due date); its review workflow starts */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    engagementId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default  */
                        description?: string;
                        review: {
                            stages: {
                                /** @default P5D */
                                due?: string;
                                key: string;
                                /** @default false */
                                parallel?: boolean;
                                /**
                                 * @default {
                                 *       "before": []
                                 *     }
                                 */
                                reminders?: {
                                    /** @default [] */
                                    before?: string[];
                                };
                                reviewers: ("account_team" | "client_admins" | "client_users") | {
                                    userIds: string[];
                                };
                                /**
                                 * @default any
                                 * @enum {string}
                                 */
                                rule?: "any" | "all";
                                title: string;
                            }[];
                            /** @default true */
                            unlockOnApproval?: boolean;
                        };
                        title: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliverable: components["schemas"]["DeliverableSummary"];
                        };
                    };
                };
                /** @description Accepted: the change is committed and its workflow command is being delivered */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            deliverable: components["schemas"]["DeliverableSummary"];
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict or work_paused */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/engagements/{engagementId}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An engagement's documents to sign, with their signers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    engagementId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            documents: components["schemas"]["DocumentSummary"][];
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Upload a PDF to be signed (raw body). A broken, encrypted or non-PDF file is refused with the reason; the original is kept unchanged. */
        post: {
            parameters: {
                query?: {
                    name?: string;
                    title?: string;
                };
                header?: never;
                path: {
                    engagementId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/pdf": Blob;
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DocumentDetail"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description work_paused */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/engagements/{engagementId}/evidence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What was approved when in an engagement, from its audit events (compliance reviewers and admins): decisions with the version's SHA-256, signatures with the document's hashes, checklist completions and waivers, invoices sent and paid */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    engagementId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Evidence"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/engagements/{engagementId}/items/{itemKey}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Complete a checklist item: a tick, form answers or a file uploaded before (client items by the client or the team, team items by the team) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    engagementId: string;
                    itemKey: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        answers?: {
                            [key: string]: string | boolean;
                        };
                        /** Format: uuid */
                        fileId?: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EngagementChanged"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/engagements/{engagementId}/items/{itemKey}/reopen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reopen a done or waived checklist item (account team) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    engagementId: string;
                    itemKey: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EngagementChanged"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/engagements/{engagementId}/items/{itemKey}/upload": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload the file that completes a checklist item: the raw file as the body, its name in ?name=. The type is judged from the content (415 if the item does not accept it), the size against the limit (413). An Idempotency-Key header makes a retry store nothing twice. */
        post: {
            parameters: {
                query?: {
                    name?: string;
                };
                header?: never;
                path: {
                    engagementId: string;
                    itemKey: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/pdf": Blob;
                    "application/vnd.oasis.opendocument.spreadsheet": Blob;
                    "application/vnd.oasis.opendocument.text": Blob;
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation": Blob;
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": Blob;
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": Blob;
                    "application/zip": Blob;
                    "image/gif": Blob;
                    "image/jpeg": Blob;
                    "image/png": Blob;
                    "image/webp": Blob;
                    "text/csv": Blob;
                    "text/plain": Blob;
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            engagement: components["schemas"]["Engagement"];
                            file: components["schemas"]["ChecklistFile"];
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/engagements/{engagementId}/items/{itemKey}/waive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Waive a checklist item with a reason (account team) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    engagementId: string;
                    itemKey: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EngagementChanged"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/engagements/{engagementId}/milestones/{milestoneId}/complete": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Complete the current milestone (a Workflow Update; answers once the workflow has accepted and recorded it) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    engagementId: string;
                    milestoneId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["EngagementChanged"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description milestone_not_current */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/files/{fileId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a file (streamed; Content-Disposition per RFC 6266). Only people who may see its account; staff-only files never reach clients. */
        get: {
            parameters: {
                query?: {
                    inline?: "1";
                };
                header?: never;
                path: {
                    fileId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "*/*": Blob;
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/home": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A client's home: what is waiting on them, their engagements and their account team */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Home"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Accept an invitation: create the account user with a password and sign in */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name: string;
                        password: string;
                        token: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SignedIn"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description link_invalid */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description too_many_attempts */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invitations/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What an invitation link is for (before accepting it) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvitationPreview"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description link_invalid */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description too_many_attempts */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invoices/{invoiceId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An invoice: lines, totals, balance, payments, the dunning schedule, the dispute conversation, and what the caller may do */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    invoiceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Change a draft invoice (account team) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    invoiceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        currency: string;
                        dueDate: string;
                        dunning?: {
                            /** @default null */
                            finalAction?: ("notify_manager" | "pause_work" | "hand_to_person") | null;
                            /** @default null */
                            repeatEveryDays?: number | null;
                            steps: {
                                /** @default null */
                                escalation?: ("notify_manager" | "pause_work" | "hand_to_person") | null;
                                key: string;
                                /** @default null */
                                lateFee?: ({
                                    amountMinor: number;
                                    /** @constant */
                                    type: "fixed";
                                } | {
                                    basisPoints: number;
                                    /** @constant */
                                    type: "percent";
                                }) | null;
                                offsetDays: number;
                            }[];
                        } | null;
                        engagementId?: string | null;
                        issueDate?: string | null;
                        lines: {
                            description: string;
                            /** @default 1000 */
                            quantityMilli?: number;
                            unitMinor: number;
                        }[];
                        /** @default  */
                        notes?: string;
                        /** @default 0 */
                        taxRateBp?: number;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invoices/{invoiceId}/dispute": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Dispute an invoice (client): the dunning pauses and a conversation with the team opens */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    invoiceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description Accepted: the change is committed and its workflow command is being delivered */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invoices/{invoiceId}/dispute/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Write in the dispute conversation (client or team) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    invoiceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        body: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invoices/{invoiceId}/dispute/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resolve a dispute (account team): the dunning resumes */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    invoiceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        resolution: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description Accepted: the change is committed and its workflow command is being delivered */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invoices/{invoiceId}/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Pay: record a bank transfer (the team confirms it when the money arrives) or start an online payment of the open balance (redirect URL). More than the balance is refused. */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    invoiceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        amountMinor: number;
                        /** @constant */
                        method: "manual";
                        reference: string;
                    } | {
                        /** @constant */
                        method: "stripe";
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            dispute: components["schemas"]["DisputeMessage"][];
                            invoice: components["schemas"]["Invoice"];
                            paymentId: string;
                            payments: components["schemas"]["Payment"][];
                            permissions: components["schemas"]["InvoicePermissions"];
                            workPauses: {
                                liftedAt: string | null;
                                liftedBecause: string | null;
                                reason: string | null;
                                since: string;
                                stepKey: string;
                            }[];
                        } | {
                            redirectUrl: string;
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invoices/{invoiceId}/pdf": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The invoice as a PDF: as it stands now, or the copy that was sent (kept with its SHA-256) */
        get: {
            parameters: {
                query?: {
                    copy?: "sent" | "current";
                };
                header?: never;
                path: {
                    invoiceId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": Blob;
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invoices/{invoiceId}/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Record a refund (account team), at most what was paid and not yet refunded */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    invoiceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        amountMinor: number;
                        note: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invoices/{invoiceId}/schedule": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change an invoice's dunning schedule (account team): skip a step or waive its late fee, with a reason (a Workflow Update) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    invoiceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        action: "skip" | "waive_fee";
                        reason: string;
                        stepKey: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invoices/{invoiceId}/send": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a draft: it takes the next invoice number (sequential, no gaps), its PDF is rendered and kept with its SHA-256, the client is emailed and its dunning workflow starts */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    invoiceId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description Accepted: the change is committed and its workflow command is being delivered */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invoices/{invoiceId}/void": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Void an invoice with a reason (account team); its dunning stops at once */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    invoiceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description Accepted: the change is committed and its workflow command is being delivered */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/invoices/{invoiceId}/work-pause/waive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Waive the pause on the account's new work that this invoice's dunning put in force (account team), with a reason */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    invoiceId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/library/files/{fileId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A library file with all its versions, newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    fileId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LibraryFileDetail"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a library file (account team). Its versions are kept for the record but no longer listed, served to clients or counted against the quota. */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    fileId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Rename a library file, move it to another folder of its account (null: the top), or make it staff-only or visible to clients (account team) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    fileId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        folderId?: string | null;
                        name?: string;
                        staffOnly?: boolean;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LibraryFileDetail"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/library/files/{fileId}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a new version of a library file; it becomes the current one (same body, limits and Idempotency-Key as a new file) */
        post: {
            parameters: {
                query?: {
                    name?: string;
                    note?: string;
                };
                header?: never;
                path: {
                    fileId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/pdf": Blob;
                    "application/vnd.oasis.opendocument.spreadsheet": Blob;
                    "application/vnd.oasis.opendocument.text": Blob;
                    "application/vnd.openxmlformats-officedocument.presentationml.presentation": Blob;
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": Blob;
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": Blob;
                    "application/zip": Blob;
                    "image/gif": Blob;
                    "image/jpeg": Blob;
                    "image/png": Blob;
                    "image/webp": Blob;
                    "text/csv": Blob;
                    "text/plain": Blob;
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LibraryFileDetail"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/library/files/{fileId}/versions/{version}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download one version of a library file (streamed; Content-Disposition per RFC 6266; inline on request for PDF and images) */
        get: {
            parameters: {
                query?: {
                    inline?: "1";
                };
                header?: never;
                path: {
                    fileId: string;
                    version: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "*/*": Blob;
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/library/folders/{folderId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename a folder or make it (and everything in it) staff-only or visible to clients again (account team) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    folderId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        staffOnly?: boolean;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            folder: components["schemas"]["LibraryFolder"];
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/payments/{paymentId}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm that a recorded transfer arrived (account team); a balance of zero stops the dunning */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    paymentId: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description Accepted: the change is committed and its workflow command is being delivered */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InvoiceDetail"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is signed in, the CSRF token for state-changing requests, and the branding */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Session"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sign/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An emailed signing link: who it is for and which document (by title only) — the document shows after a one-time code */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SigningLink"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description link_invalid */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description too_many_attempts */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sign/{token}/code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Email a one-time code to the signer of this link (at most 5 per link) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description The address the code went to, masked */
                            sentTo: string;
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description link_invalid */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description too_many_attempts */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sign/{token}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check the one-time code; the link is then used up and this browser may sign for an hour */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        code: string;
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            csrfToken: string;
                            documentId: string;
                        };
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description link_invalid */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description too_many_attempts */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/signed-copies/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A signer's copy of a completed document: the sealed PDF, by the link in the completion email (valid 90 days) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    token: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/pdf": Blob;
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description link_invalid */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff/deliverables": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The review pipeline across the accounts the caller may see: in review, changes requested, approved, overdue */
        get: {
            parameters: {
                query?: {
                    status?: "in_review" | "changes_requested" | "approved" | "rejected" | "awaiting_version" | "overdue";
                    accountId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            counts: components["schemas"]["PipelineCounts"];
                            deliverables: components["schemas"]["DeliverableSummary"][];
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Documents to sign that wait on the caller: those whose turn is theirs (a countersignature), and drafts to set up and send on the accounts they may see */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            drafts: components["schemas"]["StaffDocument"][];
                            yourTurn: components["schemas"]["StaffDocument"][];
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff/engagements": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Engagements by status, account and whom they wait on (Temporal visibility; 'client' also matches engagements waiting on both sides) */
        get: {
            parameters: {
                query?: {
                    status?: "active" | "completed";
                    waitingOn?: "client" | "staff";
                    accountId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            engagements: components["schemas"]["FoundEngagement"][];
                            truncated: boolean;
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/staff/overdue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Overdue open checklist items of active engagements, most overdue first, on the accounts the caller may see */
        get: {
            parameters: {
                query?: {
                    accountId?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["OverdueList"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/template-files": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Upload a PDF for a template's document to sign (raw body; admin). A broken, encrypted or non-PDF file is refused with the reason. */
        post: {
            parameters: {
                query?: {
                    name?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/pdf": Blob;
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            file: components["schemas"]["TemplateFile"];
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unsupported_media_type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/template-files/{sha256}/pages/{page}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One page of a template's PDF as a PNG, for placing fields (admin) */
        get: {
            parameters: {
                query?: {
                    w?: number;
                };
                header?: never;
                path: {
                    sha256: string;
                    page: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/png": Blob;
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Engagement templates */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            templates: components["schemas"]["TemplateSummary"][];
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a template: its definition becomes version 1 (admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default null */
                        billing?: {
                            currency: string;
                            /**
                             * @default {
                             *       "finalAction": null,
                             *       "repeatEveryDays": 14,
                             *       "steps": [
                             *         {
                             *           "escalation": null,
                             *           "key": "before-3d",
                             *           "lateFee": null,
                             *           "offsetDays": -3
                             *         },
                             *         {
                             *           "escalation": null,
                             *           "key": "due",
                             *           "lateFee": null,
                             *           "offsetDays": 0
                             *         },
                             *         {
                             *           "escalation": "notify_manager",
                             *           "key": "after-7d",
                             *           "lateFee": {
                             *             "basisPoints": 200,
                             *             "type": "percent"
                             *           },
                             *           "offsetDays": 7
                             *         },
                             *         {
                             *           "escalation": "hand_to_person",
                             *           "key": "after-21d",
                             *           "lateFee": null,
                             *           "offsetDays": 21
                             *         }
                             *       ]
                             *     }
                             */
                            dunning?: {
                                /** @default null */
                                finalAction?: ("notify_manager" | "pause_work" | "hand_to_person") | null;
                                /** @default null */
                                repeatEveryDays?: number | null;
                                steps: {
                                    /** @default null */
                                    escalation?: ("notify_manager" | "pause_work" | "hand_to_person") | null;
                                    key: string;
                                    /** @default null */
                                    lateFee?: ({
                                        amountMinor: number;
                                        /** @constant */
                                        type: "fixed";
                                    } | {
                                        basisPoints: number;
                                        /** @constant */
                                        type: "percent";
                                    }) | null;
                                    offsetDays: number;
                                }[];
                            };
                            /** @default [] */
                            schedule?: {
                                /** @default false */
                                autoSend?: boolean;
                                /** @default 30 */
                                dueDays?: number;
                                key: string;
                                lines: {
                                    description: string;
                                    /** @default 1000 */
                                    quantityMilli?: number;
                                    unitMinor: number;
                                }[];
                                /** @default  */
                                notes?: string;
                                title: string;
                                trigger: {
                                    after: string;
                                    /** @constant */
                                    type: "date";
                                } | {
                                    milestone: string;
                                    /** @constant */
                                    type: "milestone";
                                };
                            }[];
                            /** @default 0 */
                            taxRateBp?: number;
                        } | null;
                        /** @default [] */
                        checklist?: {
                            /** @enum {string} */
                            assignee: "client" | "staff";
                            /** @default null */
                            blocksMilestone?: string | null;
                            completion: {
                                /** @constant */
                                type: "tick";
                            } | {
                                accept: string[];
                                /** @constant */
                                type: "upload";
                            } | {
                                fields: {
                                    key: string;
                                    label: string;
                                    options?: string[];
                                    /** @default false */
                                    required?: boolean;
                                    /** @enum {string} */
                                    type: "text" | "choice" | "date" | "yesno";
                                }[];
                                /** @constant */
                                type: "form";
                            };
                            due: string;
                            /** @default  */
                            instructions?: string;
                            key: string;
                            /**
                             * @default {
                             *       "after": [],
                             *       "before": []
                             *     }
                             */
                            reminders?: {
                                /** @default [] */
                                after?: string[];
                                /** @default [] */
                                before?: string[];
                            };
                            title: string;
                        }[];
                        /** @default [] */
                        deliverables?: {
                            /** @default  */
                            description?: string;
                            key: string;
                            review: {
                                stages: {
                                    /** @default P5D */
                                    due?: string;
                                    key: string;
                                    /** @default false */
                                    parallel?: boolean;
                                    /**
                                     * @default {
                                     *       "before": []
                                     *     }
                                     */
                                    reminders?: {
                                        /** @default [] */
                                        before?: string[];
                                    };
                                    reviewers: ("account_team" | "client_admins" | "client_users") | {
                                        userIds: string[];
                                    };
                                    /**
                                     * @default any
                                     * @enum {string}
                                     */
                                    rule?: "any" | "all";
                                    title: string;
                                }[];
                                /** @default true */
                                unlockOnApproval?: boolean;
                            };
                            title: string;
                        }[];
                        /** @default  */
                        description?: string;
                        /** @default [] */
                        documents?: {
                            /** @default 30 */
                            expiresAfterDays?: number;
                            /** @default [] */
                            fields?: {
                                h: number;
                                id?: string;
                                /** @default  */
                                label?: string;
                                page: number;
                                /** @default true */
                                required?: boolean;
                                signerKey: string;
                                /** @enum {string} */
                                type: "signature" | "initials" | "date" | "text";
                                w: number;
                                x: number;
                                y: number;
                            }[];
                            file: {
                                content?: string;
                                name: string;
                                pageCount: number;
                                sha256: string;
                                size: number;
                            };
                            key: string;
                            /**
                             * @default sequential
                             * @enum {string}
                             */
                            ordering?: "sequential" | "parallel";
                            /** @default 3 */
                            reminderEveryDays?: number;
                            /** @default false */
                            sendOnStart?: boolean;
                            signers: {
                                /**
                                 * @default choose
                                 * @enum {string}
                                 */
                                assign?: "client_admin" | "account_manager" | "choose";
                                key: string;
                                roleLabel: string;
                            }[];
                            title: string;
                        }[];
                        /** @constant */
                        formatVersion: 1;
                        name: string;
                        phases: {
                            key: string;
                            milestones: {
                                key: string;
                                /** @enum {string} */
                                owner: "client" | "staff";
                                title: string;
                            }[];
                            title: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TemplatePublished"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/templates/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Import a template exported from this or another portal (admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default null */
                        billing?: {
                            currency: string;
                            /**
                             * @default {
                             *       "finalAction": null,
                             *       "repeatEveryDays": 14,
                             *       "steps": [
                             *         {
                             *           "escalation": null,
                             *           "key": "before-3d",
                             *           "lateFee": null,
                             *           "offsetDays": -3
                             *         },
                             *         {
                             *           "escalation": null,
                             *           "key": "due",
                             *           "lateFee": null,
                             *           "offsetDays": 0
                             *         },
                             *         {
                             *           "escalation": "notify_manager",
                             *           "key": "after-7d",
                             *           "lateFee": {
                             *             "basisPoints": 200,
                             *             "type": "percent"
                             *           },
                             *           "offsetDays": 7
                             *         },
                             *         {
                             *           "escalation": "hand_to_person",
                             *           "key": "after-21d",
                             *           "lateFee": null,
                             *           "offsetDays": 21
                             *         }
                             *       ]
                             *     }
                             */
                            dunning?: {
                                /** @default null */
                                finalAction?: ("notify_manager" | "pause_work" | "hand_to_person") | null;
                                /** @default null */
                                repeatEveryDays?: number | null;
                                steps: {
                                    /** @default null */
                                    escalation?: ("notify_manager" | "pause_work" | "hand_to_person") | null;
                                    key: string;
                                    /** @default null */
                                    lateFee?: ({
                                        amountMinor: number;
                                        /** @constant */
                                        type: "fixed";
                                    } | {
                                        basisPoints: number;
                                        /** @constant */
                                        type: "percent";
                                    }) | null;
                                    offsetDays: number;
                                }[];
                            };
                            /** @default [] */
                            schedule?: {
                                /** @default false */
                                autoSend?: boolean;
                                /** @default 30 */
                                dueDays?: number;
                                key: string;
                                lines: {
                                    description: string;
                                    /** @default 1000 */
                                    quantityMilli?: number;
                                    unitMinor: number;
                                }[];
                                /** @default  */
                                notes?: string;
                                title: string;
                                trigger: {
                                    after: string;
                                    /** @constant */
                                    type: "date";
                                } | {
                                    milestone: string;
                                    /** @constant */
                                    type: "milestone";
                                };
                            }[];
                            /** @default 0 */
                            taxRateBp?: number;
                        } | null;
                        /** @default [] */
                        checklist?: {
                            /** @enum {string} */
                            assignee: "client" | "staff";
                            /** @default null */
                            blocksMilestone?: string | null;
                            completion: {
                                /** @constant */
                                type: "tick";
                            } | {
                                accept: string[];
                                /** @constant */
                                type: "upload";
                            } | {
                                fields: {
                                    key: string;
                                    label: string;
                                    options?: string[];
                                    /** @default false */
                                    required?: boolean;
                                    /** @enum {string} */
                                    type: "text" | "choice" | "date" | "yesno";
                                }[];
                                /** @constant */
                                type: "form";
                            };
                            due: string;
                            /** @default  */
                            instructions?: string;
                            key: string;
                            /**
                             * @default {
                             *       "after": [],
                             *       "before": []
                             *     }
                             */
                            reminders?: {
                                /** @default [] */
                                after?: string[];
                                /** @default [] */
                                before?: string[];
                            };
                            title: string;
                        }[];
                        /** @default [] */
                        deliverables?: {
                            /** @default  */
                            description?: string;
                            key: string;
                            review: {
                                stages: {
                                    /** @default P5D */
                                    due?: string;
                                    key: string;
                                    /** @default false */
                                    parallel?: boolean;
                                    /**
                                     * @default {
                                     *       "before": []
                                     *     }
                                     */
                                    reminders?: {
                                        /** @default [] */
                                        before?: string[];
                                    };
                                    reviewers: ("account_team" | "client_admins" | "client_users") | {
                                        userIds: string[];
                                    };
                                    /**
                                     * @default any
                                     * @enum {string}
                                     */
                                    rule?: "any" | "all";
                                    title: string;
                                }[];
                                /** @default true */
                                unlockOnApproval?: boolean;
                            };
                            title: string;
                        }[];
                        /** @default  */
                        description?: string;
                        /** @default [] */
                        documents?: {
                            /** @default 30 */
                            expiresAfterDays?: number;
                            /** @default [] */
                            fields?: {
                                h: number;
                                id?: string;
                                /** @default  */
                                label?: string;
                                page: number;
                                /** @default true */
                                required?: boolean;
                                signerKey: string;
                                /** @enum {string} */
                                type: "signature" | "initials" | "date" | "text";
                                w: number;
                                x: number;
                                y: number;
                            }[];
                            file: {
                                content?: string;
                                name: string;
                                pageCount: number;
                                sha256: string;
                                size: number;
                            };
                            key: string;
                            /**
                             * @default sequential
                             * @enum {string}
                             */
                            ordering?: "sequential" | "parallel";
                            /** @default 3 */
                            reminderEveryDays?: number;
                            /** @default false */
                            sendOnStart?: boolean;
                            signers: {
                                /**
                                 * @default choose
                                 * @enum {string}
                                 */
                                assign?: "client_admin" | "account_manager" | "choose";
                                key: string;
                                roleLabel: string;
                            }[];
                            title: string;
                        }[];
                        /** @constant */
                        formatVersion: 1;
                        name: string;
                        phases: {
                            key: string;
                            milestones: {
                                key: string;
                                /** @enum {string} */
                                owner: "client" | "staff";
                                title: string;
                            }[];
                            title: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description OK */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TemplatePublished"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/templates/{templateId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A template: its latest definition and its version history */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    templateId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TemplateDetail"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Publish a new version; running engagements keep the version they started with (admin) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    templateId: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @default null */
                        billing?: {
                            currency: string;
                            /**
                             * @default {
                             *       "finalAction": null,
                             *       "repeatEveryDays": 14,
                             *       "steps": [
                             *         {
                             *           "escalation": null,
                             *           "key": "before-3d",
                             *           "lateFee": null,
                             *           "offsetDays": -3
                             *         },
                             *         {
                             *           "escalation": null,
                             *           "key": "due",
                             *           "lateFee": null,
                             *           "offsetDays": 0
                             *         },
                             *         {
                             *           "escalation": "notify_manager",
                             *           "key": "after-7d",
                             *           "lateFee": {
                             *             "basisPoints": 200,
                             *             "type": "percent"
                             *           },
                             *           "offsetDays": 7
                             *         },
                             *         {
                             *           "escalation": "hand_to_person",
                             *           "key": "after-21d",
                             *           "lateFee": null,
                             *           "offsetDays": 21
                             *         }
                             *       ]
                             *     }
                             */
                            dunning?: {
                                /** @default null */
                                finalAction?: ("notify_manager" | "pause_work" | "hand_to_person") | null;
                                /** @default null */
                                repeatEveryDays?: number | null;
                                steps: {
                                    /** @default null */
                                    escalation?: ("notify_manager" | "pause_work" | "hand_to_person") | null;
                                    key: string;
                                    /** @default null */
                                    lateFee?: ({
                                        amountMinor: number;
                                        /** @constant */
                                        type: "fixed";
                                    } | {
                                        basisPoints: number;
                                        /** @constant */
                                        type: "percent";
                                    }) | null;
                                    offsetDays: number;
                                }[];
                            };
                            /** @default [] */
                            schedule?: {
                                /** @default false */
                                autoSend?: boolean;
                                /** @default 30 */
                                dueDays?: number;
                                key: string;
                                lines: {
                                    description: string;
                                    /** @default 1000 */
                                    quantityMilli?: number;
                                    unitMinor: number;
                                }[];
                                /** @default  */
                                notes?: string;
                                title: string;
                                trigger: {
                                    after: string;
                                    /** @constant */
                                    type: "date";
                                } | {
                                    milestone: string;
                                    /** @constant */
                                    type: "milestone";
                                };
                            }[];
                            /** @default 0 */
                            taxRateBp?: number;
                        } | null;
                        /** @default [] */
                        checklist?: {
                            /** @enum {string} */
                            assignee: "client" | "staff";
                            /** @default null */
                            blocksMilestone?: string | null;
                            completion: {
                                /** @constant */
                                type: "tick";
                            } | {
                                accept: string[];
                                /** @constant */
                                type: "upload";
                            } | {
                                fields: {
                                    key: string;
                                    label: string;
                                    options?: string[];
                                    /** @default false */
                                    required?: boolean;
                                    /** @enum {string} */
                                    type: "text" | "choice" | "date" | "yesno";
                                }[];
                                /** @constant */
                                type: "form";
                            };
                            due: string;
                            /** @default  */
                            instructions?: string;
                            key: string;
                            /**
                             * @default {
                             *       "after": [],
                             *       "before": []
                             *     }
                             */
                            reminders?: {
                                /** @default [] */
                                after?: string[];
                                /** @default [] */
                                before?: string[];
                            };
                            title: string;
                        }[];
                        /** @default [] */
                        deliverables?: {
                            /** @default  */
                            description?: string;
                            key: string;
                            review: {
                                stages: {
                                    /** @default P5D */
                                    due?: string;
                                    key: string;
                                    /** @default false */
                                    parallel?: boolean;
                                    /**
                                     * @default {
                                     *       "before": []
                                     *     }
                                     */
                                    reminders?: {
                                        /** @default [] */
                                        before?: string[];
                                    };
                                    reviewers: ("account_team" | "client_admins" | "client_users") | {
                                        userIds: string[];
                                    };
                                    /**
                                     * @default any
                                     * @enum {string}
                                     */
                                    rule?: "any" | "all";
                                    title: string;
                                }[];
                                /** @default true */
                                unlockOnApproval?: boolean;
                            };
                            title: string;
                        }[];
                        /** @default  */
                        description?: string;
                        /** @default [] */
                        documents?: {
                            /** @default 30 */
                            expiresAfterDays?: number;
                            /** @default [] */
                            fields?: {
                                h: number;
                                id?: string;
                                /** @default  */
                                label?: string;
                                page: number;
                                /** @default true */
                                required?: boolean;
                                signerKey: string;
                                /** @enum {string} */
                                type: "signature" | "initials" | "date" | "text";
                                w: number;
                                x: number;
                                y: number;
                            }[];
                            file: {
                                content?: string;
                                name: string;
                                pageCount: number;
                                sha256: string;
                                size: number;
                            };
                            key: string;
                            /**
                             * @default sequential
                             * @enum {string}
                             */
                            ordering?: "sequential" | "parallel";
                            /** @default 3 */
                            reminderEveryDays?: number;
                            /** @default false */
                            sendOnStart?: boolean;
                            signers: {
                                /**
                                 * @default choose
                                 * @enum {string}
                                 */
                                assign?: "client_admin" | "account_manager" | "choose";
                                key: string;
                                roleLabel: string;
                            }[];
                            title: string;
                        }[];
                        /** @constant */
                        formatVersion: 1;
                        name: string;
                        phases: {
                            key: string;
                            milestones: {
                                key: string;
                                /** @enum {string} */
                                owner: "client" | "staff";
                                title: string;
                            }[];
                            title: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TemplatePublished"];
                    };
                };
                /** @description validation_failed or invalid_json */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Delete a template no engagement uses (otherwise 409: archive it instead) (admin) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    templateId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description No content */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description conflict */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/templates/{templateId}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a template: it no longer starts engagements; running ones go on (admin) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    templateId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            template: components["schemas"]["TemplateSummary"];
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden or csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/templates/{templateId}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The latest definition as a JSON file to share, with the PDFs of its documents to sign (base64): what `POST /api/templates/import` takes */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    templateId: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TemplateDefinition"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description unauthenticated */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description forbidden */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description not_found */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Is this PDF byte for byte a document sealed here, and does its digital signature hold, by this installation's certificate, over the whole file? Names the document and its signers if it matches; says nothing else otherwise */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/pdf": Blob;
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VerifyResult"];
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description payload_too_large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description too_many_attempts */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/webhooks/stripe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Stripe's webhook: the signature is verified, each event is handled once (by its id), a paid checkout confirms its payment */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Blob;
                };
            };
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @constant */
                            duplicate?: true;
                            /** @constant */
                            received: true;
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description csrf_invalid */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description OK */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @constant */
                            status: "ok";
                        };
                    };
                };
                /** @description validation_failed */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description internal */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: PostgreSQL and Temporal reachable */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Ready */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Per dependency (postgres, temporal): "ok" or what failed */
                            checks: {
                                [key: string]: string;
                            };
                            /** @constant */
                            status: "ready";
                        };
                    };
                };
                /** @description A dependency is unavailable */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @description Per dependency (postgres, temporal): "ok" or what failed */
                            checks: {
                                [key: string]: string;
                            };
                            /** @constant */
                            status: "unavailable";
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        AccountDetail: {
            account: {
                /** Format: uuid */
                id: string;
                name: string;
                stage: string;
            };
            engagements: components["schemas"]["Engagement"][];
            invitations: {
                acceptedAt: string | null;
                email: string;
                expiresAt: string;
                /** Format: uuid */
                id: string;
                role: components["schemas"]["Role"];
            }[];
            permissions: {
                advanceMilestone: boolean;
                createInvoice: boolean;
                invite: boolean;
                startEngagement: boolean;
            };
            team: components["schemas"]["TeamMember"][];
            users: components["schemas"]["AccountUser"][];
        };
        AccountSummary: {
            activeEngagements: number;
            /** Format: uuid */
            id: string;
            name: string;
            stage: string;
            team: string[];
            waitingOnClient: number;
            waitingOnStaff: number;
        };
        AccountUser: {
            disabled: boolean;
            email: string;
            /** Format: uuid */
            id: string;
            lastLoginAt: string | null;
            name: string;
            role: components["schemas"]["Role"];
        };
        AuditDigestSetting: {
            address: string | null;
            canManage: boolean;
            /** @enum {string} */
            recipients: "off" | "client_admins" | "address";
            sendsTo: string[];
            since: string | null;
        };
        AuditEngagement: {
            accountId: string;
            accountName: string;
            id: string;
            startedAt: string;
            status: string;
            title: string;
        };
        AuditEvent: {
            account: {
                id: string;
                name: string | null;
            } | null;
            action: string;
            actor: {
                email: string | null;
                id: string | null;
                name: string | null;
                role: string | null;
            } | null;
            data: {
                [key: string]: unknown;
            };
            hash: string;
            ip: string | null;
            /** @description UTC, ISO 8601 */
            occurredAt: string;
            seq: number;
            target: {
                id: string;
                type: string;
            } | null;
            userAgent: string | null;
        };
        AuditEventDetail: {
            event: {
                account: {
                    id: string;
                    name: string | null;
                } | null;
                action: string;
                actor: {
                    email: string | null;
                    id: string | null;
                    name: string | null;
                    role: string | null;
                } | null;
                data: {
                    [key: string]: unknown;
                };
                eventKey: string;
                hash: string;
                ip: string | null;
                /** @description UTC, ISO 8601 */
                occurredAt: string;
                prevHash: string;
                seq: number;
                target: {
                    id: string;
                    type: string;
                } | null;
                userAgent: string | null;
            };
            /** @enum {string} */
            hashState: "current" | "legacy" | "mismatch";
            linkHolds: boolean;
            missingBefore: number;
            next: {
                seq: number;
            } | null;
            predecessor: {
                hash: string;
                seq: number;
            } | null;
        };
        AuditEventPage: {
            events: components["schemas"]["AuditEvent"][];
            newerAfter: number | null;
            nextBefore: number | null;
        };
        BillingEntry: {
            /** @default false */
            autoSend: boolean;
            /** @default 30 */
            dueDays: number;
            key: string;
            lines: {
                description: string;
                /** @default 1000 */
                quantityMilli: number;
                unitMinor: number;
            }[];
            /** @default  */
            notes: string;
            title: string;
            trigger: components["schemas"]["BillingTrigger"];
        };
        BillingTrigger: {
            after: components["schemas"]["Duration"];
            /** @constant */
            type: "date";
        } | {
            milestone: string;
            /** @constant */
            type: "milestone";
        };
        Branding: {
            businessName: string;
            logoUrl: string | null;
            primaryColor: string;
        };
        ChainProblem: {
            /** @enum {string} */
            kind: "content" | "link" | "gap" | "checkpoint";
            missing?: {
                from: number;
                to: number;
            };
            reason: string;
            seq: number;
        };
        ChainVerification: {
            checkpoints: {
                count: number;
                last: {
                    count: number;
                    createdAt: string;
                    seq: number;
                } | null;
            };
            count: number;
            firstBad: {
                reason: string;
                seq: number;
            } | null;
            head: string | null;
            legacy: {
                count: number;
                firstSeq: number | null;
                lastSeq: number | null;
            };
            ok: boolean;
            problems: components["schemas"]["ChainProblem"][];
            problemsTruncated: boolean;
            skippedSeqs: number;
        };
        ChecklistFile: {
            contentType: string;
            /** Format: uuid */
            id: string;
            name: string;
            sha256: string;
            size: number;
        };
        ChecklistItem: {
            answers: {
                [key: string]: string | boolean;
            } | null;
            /** @enum {string} */
            assignee: "client" | "staff";
            blocksMilestone: string | null;
            completedAt: string | null;
            completedBy: string | null;
            completion: components["schemas"]["Completion"];
            dueAt: string;
            file: components["schemas"]["ChecklistFile"] | null;
            fileId: string | null;
            instructions: string;
            key: string;
            reminders: {
                at: string;
                step: string;
            }[];
            /** @enum {string} */
            status: "open" | "done" | "waived";
            title: string;
            waivedReason: string | null;
        };
        Completion: {
            /** @constant */
            type: "tick";
        } | {
            accept: string[];
            /** @constant */
            type: "upload";
        } | {
            fields: components["schemas"]["FormField"][];
            /** @constant */
            type: "form";
        };
        DeliverableDetail: {
            comments: components["schemas"]["ReviewComment"][];
            deliverable: {
                /** Format: uuid */
                accountId: string;
                accountName: string;
                currentVersion: number | null;
                description: string;
                dueAt: string | null;
                /** Format: uuid */
                engagementId: string;
                engagementTitle: string;
                /** Format: uuid */
                id: string;
                /** @description How an approved deliverable was approved */
                outcome: components["schemas"]["ReviewDecision"] | null;
                overdue: boolean;
                review: components["schemas"]["Review"];
                round: number;
                stages: {
                    key: string;
                    title: string;
                }[];
                status: components["schemas"]["DeliverableStatus"];
                title: string;
                unlocked: boolean;
                updatedAt: string;
                waitingOn: string[];
                waitingOnYou: boolean;
            };
            permissions: {
                comment: boolean;
                /** @description The open stages the caller may decide in */
                decide: {
                    key: string;
                    title: string;
                }[];
                download: boolean;
                internalNotes: boolean;
                upload: boolean;
            };
            versions: components["schemas"]["DeliverableVersion"][];
        };
        /** @enum {string} */
        DeliverableStatus: "awaiting_version" | "in_review" | "changes_requested" | "approved" | "rejected";
        DeliverableSummary: {
            /** Format: uuid */
            accountId: string;
            accountName: string;
            currentVersion: number | null;
            description: string;
            dueAt: string | null;
            /** Format: uuid */
            engagementId: string;
            engagementTitle: string;
            /** Format: uuid */
            id: string;
            /** @description How an approved deliverable was approved */
            outcome: components["schemas"]["ReviewDecision"] | null;
            overdue: boolean;
            round: number;
            stages: {
                key: string;
                title: string;
            }[];
            status: components["schemas"]["DeliverableStatus"];
            title: string;
            unlocked: boolean;
            updatedAt: string;
            waitingOn: string[];
            waitingOnYou: boolean;
        };
        DeliverableVersion: {
            contentType: string;
            id: string;
            name: string;
            note: string | null;
            number: number;
            previewable: boolean;
            sha256: string;
            size: number;
            uploadedAt: string;
            uploadedBy: string;
        };
        DisputeMessage: {
            at: string;
            author: string;
            body: string;
            fromTeam: boolean;
        };
        DocumentDetail: {
            document: components["schemas"]["SignatureDocument"];
            permissions: {
                downloadSealed: boolean;
                send: boolean;
                setup: boolean;
                sign: boolean;
                void: boolean;
            };
            signers: components["schemas"]["Signer"][];
        };
        DocumentEvent: {
            action: string;
            actor: string | null;
            at: string;
            data: {
                [key: string]: unknown;
            };
            hash: string;
            ip: string | null;
            seq: number;
            userAgent: string | null;
        };
        /** @enum {string} */
        DocumentStatus: "draft" | "collecting" | "completed" | "declined" | "voided" | "expired";
        DocumentSummary: {
            accountId: string;
            createdAt: string;
            engagementId: string;
            expiresAfterDays: number;
            expiresAt: string | null;
            fields: components["schemas"]["FieldPlacement"][];
            id: string;
            /** @enum {string} */
            ordering: "sequential" | "parallel";
            originalSha256: string;
            pageCount: number;
            /** @description Why it was declined or voided */
            reason: string | null;
            reminderEveryDays: number;
            sealedAt: string | null;
            sealedSha256: string | null;
            signers: components["schemas"]["Signer"][];
            status: components["schemas"]["DocumentStatus"];
            title: string;
            updatedAt: string;
            waitingOnYou: boolean;
        };
        DunningPolicy: {
            /** @default null */
            finalAction: components["schemas"]["Escalation"] | null;
            /** @default null */
            repeatEveryDays: number | null;
            steps: components["schemas"]["DunningStepSpec"][];
        };
        DunningStep: {
            at: string;
            escalation: components["schemas"]["Escalation"] | null;
            feeWaived: boolean;
            key: string;
            lateFee: components["schemas"]["LateFee"] | null;
            offsetDays: number;
            reason: string | null;
            /** @enum {string} */
            status: "pending" | "done" | "skipped";
        };
        DunningStepSpec: {
            /** @default null */
            escalation: components["schemas"]["Escalation"] | null;
            key: string;
            /** @default null */
            lateFee: components["schemas"]["LateFee"] | null;
            offsetDays: number;
        };
        Duration: string;
        Engagement: {
            /** Format: uuid */
            accountId: string;
            accountName: string;
            checklist: components["schemas"]["ChecklistItem"][];
            currentMilestone: string | null;
            /** Format: uuid */
            id: string;
            milestones: components["schemas"]["Milestone"][];
            progress: {
                done: number;
                total: number;
            };
            startedAt: string;
            /** @enum {string} */
            status: "active" | "completed";
            template: {
                name: string;
                version: number;
            } | null;
            title: string;
            updatedAt: string;
            waitingOn: ("client" | "staff") | null;
        };
        EngagementChanged: {
            engagement: components["schemas"]["Engagement"];
        };
        EngagementDetail: {
            engagement: components["schemas"]["Engagement"];
            permissions: {
                advanceMilestone: boolean;
            };
            workPause: components["schemas"]["WorkPause"] | null;
        };
        Error: {
            error: {
                /** @enum {string} */
                code: "validation_failed" | "invalid_json" | "unauthenticated" | "invalid_credentials" | "forbidden" | "csrf_invalid" | "not_found" | "link_invalid" | "conflict" | "work_paused" | "milestone_not_current" | "payload_too_large" | "unsupported_media_type" | "too_many_attempts" | "unavailable" | "internal";
                /** @description Field path → problem */
                fields?: {
                    [key: string]: string;
                };
                message: string;
            };
        };
        /** @enum {string} */
        Escalation: "notify_manager" | "pause_work" | "hand_to_person";
        Evidence: {
            checklist: components["schemas"]["EvidenceEntry"][];
            deliverables: {
                entries: components["schemas"]["EvidenceEntry"][];
                id: string;
                status: string;
                title: string;
            }[];
            documents: {
                entries: components["schemas"]["EvidenceEntry"][];
                id: string;
                originalSha256: string;
                sealedSha256: string | null;
                status: string;
                title: string;
            }[];
            engagement: components["schemas"]["AuditEngagement"];
            invoices: {
                currency: string;
                entries: components["schemas"]["EvidenceEntry"][];
                id: string;
                label: string;
                status: string;
                totalMinor: number;
            }[];
            milestones: components["schemas"]["EvidenceEntry"][];
        };
        EvidenceEntry: {
            action: string;
            actor: {
                email: string | null;
                id: string | null;
                name: string | null;
            } | null;
            amountMinor?: number;
            /** @description UTC, ISO 8601 */
            at: string;
            comment?: string | null;
            currency?: string;
            decision?: string;
            disagreement?: string;
            file?: string;
            hashHolds: boolean;
            invoice?: string;
            item?: string;
            method?: string;
            originalSha256?: string;
            reason?: string;
            round?: number;
            sealedSha256?: string;
            seq: number;
            sha256?: string;
            signer?: string;
            signerRole?: string;
            stage?: string;
            version?: number;
        };
        FieldPlacement: {
            h: number;
            id: string;
            label: string;
            page: number;
            required: boolean;
            signerKey: string;
            /** @enum {string} */
            type: "signature" | "initials" | "date" | "text";
            w: number;
            x: number;
            y: number;
        };
        FormField: {
            key: string;
            label: string;
            options?: string[];
            /** @default false */
            required: boolean;
            /** @enum {string} */
            type: "text" | "choice" | "date" | "yesno";
        };
        FoundEngagement: {
            /** Format: uuid */
            accountId: string;
            accountName: string;
            currentMilestone: string | null;
            /** Format: uuid */
            id: string;
            progress: {
                done: number;
                total: number;
            };
            startedAt: string;
            /** @enum {string} */
            status: "active" | "completed";
            title: string;
            updatedAt: string;
            waitingOn: string | null;
        };
        Home: {
            account: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            engagements: components["schemas"]["Engagement"][];
            people: {
                email: string;
                /** Format: uuid */
                id: string;
                lastLoginAt: string | null;
                name: string;
                role: components["schemas"]["Role"];
            }[] | null;
            permissions: {
                invite: boolean;
            };
            team: components["schemas"]["TeamMember"][];
            waitingOnUs: components["schemas"]["WaitingItem"][];
            waitingOnYou: components["schemas"]["WaitingItem"][];
        };
        InvitationPreview: {
            accountName: string | null;
            email: string;
            invitedBy: string;
            name: string | null;
            role: components["schemas"]["Role"];
        };
        Invoice: {
            accountId: string;
            accountName: string;
            balanceMinor: number;
            currency: string;
            dueDate: string;
            dunning: {
                paused: boolean;
                policy: components["schemas"]["DunningPolicy"] | null;
                repeatsSent: number;
                steps: components["schemas"]["DunningStep"][];
            };
            engagementId: string | null;
            feesMinor: number;
            id: string;
            issueDate: string | null;
            label: string;
            lines: components["schemas"]["InvoiceLine"][];
            notes: string;
            number: number | null;
            paidMinor: number;
            pdfSha256: string | null;
            refundedMinor: number;
            sentAt: string | null;
            sentSha256: string | null;
            status: components["schemas"]["InvoiceStatus"];
            subtotalMinor: number;
            taxMinor: number;
            taxRateBp: number;
            totalMinor: number;
            voidReason: string | null;
        };
        InvoiceDetail: {
            dispute: components["schemas"]["DisputeMessage"][];
            invoice: components["schemas"]["Invoice"];
            payments: components["schemas"]["Payment"][];
            permissions: components["schemas"]["InvoicePermissions"];
            workPauses: {
                liftedAt: string | null;
                liftedBecause: string | null;
                reason: string | null;
                since: string;
                stepKey: string;
            }[];
        };
        InvoiceLine: {
            amountMinor: number;
            description: string;
            id: string;
            /** @enum {string} */
            kind: "item" | "late_fee";
            position: number;
            quantityMilli: number;
            /** @description The dunning step that added a late fee */
            stepKey: string | null;
            unitMinor: number;
            waivedReason: string | null;
        };
        InvoiceList: {
            invoices: components["schemas"]["InvoiceSummary"][];
            openBalance: {
                currency: string;
                minor: number;
            }[];
        };
        InvoicePermissions: {
            changeSchedule: boolean;
            confirmPayments: boolean;
            dispute: boolean;
            edit: boolean;
            pay: boolean;
            payOnline: boolean;
            refund: boolean;
            resolveDispute: boolean;
            send: boolean;
            void: boolean;
            waiveWorkPause: boolean;
        };
        /** @enum {string} */
        InvoiceStatus: "draft" | "sent" | "partly_paid" | "paid" | "overdue" | "disputed" | "void";
        InvoiceSummary: {
            balanceMinor: number;
            currency: string;
            dueDate: string;
            engagementId: string | null;
            id: string;
            issueDate: string | null;
            label: string;
            paidMinor: number;
            status: components["schemas"]["InvoiceStatus"];
            totalMinor: number;
        };
        LateFee: {
            amountMinor: number;
            /** @constant */
            type: "fixed";
        } | {
            basisPoints: number;
            /** @constant */
            type: "percent";
        };
        LibraryFile: {
            contentType: string;
            folderId: string | null;
            hiddenFromClients: boolean;
            /** Format: uuid */
            id: string;
            name: string;
            sha256: string;
            size: number;
            staffOnly: boolean;
            updatedAt: string;
            uploadedAt: string;
            uploadedBy: string | null;
            /** @description The current version; also how many versions there are */
            version: number;
        };
        LibraryFileDetail: {
            file: components["schemas"]["LibraryFile"];
            path: {
                /** Format: uuid */
                id: string;
                name: string;
            }[];
            permissions: components["schemas"]["LibraryPermissions"];
            versions: components["schemas"]["LibraryVersion"][];
        };
        LibraryFolder: {
            createdAt: string;
            hiddenFromClients: boolean;
            /** Format: uuid */
            id: string;
            name: string;
            parentId: string | null;
            staffOnly: boolean;
        };
        LibraryListing: {
            account: {
                /** Format: uuid */
                id: string;
                name: string;
            };
            /** @description Every folder the caller may see, by path (for moving files) */
            allFolders: {
                createdAt: string;
                hiddenFromClients: boolean;
                /** Format: uuid */
                id: string;
                name: string;
                parentId: string | null;
                path: string;
                staffOnly: boolean;
            }[];
            files: components["schemas"]["LibraryFile"][];
            folder: components["schemas"]["LibraryFolder"] | null;
            folders: components["schemas"]["LibraryFolder"][];
            path: {
                /** Format: uuid */
                id: string;
                name: string;
            }[];
            permissions: components["schemas"]["LibraryPermissions"];
            usage: {
                maxFileBytes: number;
                quotaBytes: number;
                usedBytes: number;
            };
        };
        LibraryPermissions: {
            createFolder: boolean;
            manage: boolean;
            upload: boolean;
        };
        LibraryVersion: {
            contentType: string;
            name: string;
            note: string | null;
            sha256: string;
            size: number;
            uploadedAt: string;
            uploadedBy: string | null;
            version: number;
        };
        Milestone: {
            /** @description Keys of the checklist items that must be done or waived before this milestone can be completed */
            blockedBy?: string[];
            completedAt: string | null;
            completedBy: string | null;
            id: string;
            /** @enum {string} */
            owner?: "client" | "staff";
            /** @enum {string} */
            status: "pending" | "current" | "done";
            title: string;
        };
        OutboxEmail: {
            createdAt: string;
            /** Format: uuid */
            id: string;
            kind: string;
            sentAt: string | null;
            status: string;
            subject: string;
            textBody: string;
            toAddress: string;
        };
        OverdueItem: {
            /** Format: uuid */
            accountId: string;
            accountName: string;
            daysOverdue: number;
            dueAt: string;
            /** Format: uuid */
            engagementId: string;
            engagementTitle: string;
            itemKey: string;
            lastReminderAt: string | null;
            people: string[];
            title: string;
            /** @enum {string} */
            waitingOn: "client" | "staff";
        };
        OverdueList: {
            counts: {
                onClient: number;
                onStaff: number;
                total: number;
            };
            items: components["schemas"]["OverdueItem"][];
        };
        Payment: {
            amountMinor: number;
            confirmedAt: string | null;
            createdAt: string;
            id: string;
            /** @enum {string} */
            kind: "payment" | "refund";
            /** @enum {string} */
            method: "manual" | "stripe";
            note: string | null;
            reference: string | null;
            /** @enum {string} */
            status: "pending" | "confirmed" | "failed" | "cancelled";
        };
        PipelineCounts: {
            approved: number;
            awaiting_version: number;
            changes_requested: number;
            in_review: number;
            /** @description In review past their due date */
            overdue: number;
            rejected: number;
        };
        Review: {
            rounds: components["schemas"]["ReviewRound"][];
        };
        ReviewComment: {
            /** @description A region of the version, as fractions of the page */
            anchor: {
                h: number;
                page?: number;
                w: number;
                x: number;
                y: number;
            } | null;
            at: string;
            author: string;
            authorIsTeam: boolean;
            body: string;
            id: string;
            internal: boolean;
            parentId: string | null;
            versionId: string;
        };
        /** @enum {string} */
        ReviewDecision: "approved" | "approved_with_changes" | "changes_requested" | "rejected";
        ReviewPolicy: {
            stages: components["schemas"]["TemplateReviewStage"][];
            /** @default true */
            unlockOnApproval: boolean;
        };
        ReviewRound: {
            closedAt: string | null;
            number: number;
            openedAt: string;
            /** @description How the round ended: a decision, or superseded by a newer version */
            outcome: (components["schemas"]["ReviewDecision"] | "superseded") | null;
            stages: components["schemas"]["ReviewStage"][];
            version: {
                at: string;
                id: string;
                name: string;
                number: number;
                sha256: string;
                uploadedBy: string;
            };
        };
        ReviewStage: {
            closedAt: string | null;
            decisions: components["schemas"]["StageDecision"][];
            dueAt: string | null;
            key: string;
            openedAt: string | null;
            parallel: boolean;
            /** @description Reminder and escalation steps already sent */
            reminders: {
                at: string;
                step: string;
            }[];
            reviewers: {
                id: string;
                name: string;
            }[];
            /** @enum {string} */
            rule: "any" | "all";
            /** @description Waiting for the stage before it, open, or decided */
            status: ("waiting" | "open") | components["schemas"]["ReviewDecision"];
            title: string;
        };
        /** @enum {string} */
        ReviewerGroup: "account_team" | "client_admins" | "client_users";
        /** @enum {string} */
        Role: "client_member" | "client_admin" | "staff" | "admin" | "compliance_reviewer";
        Session: {
            branding: components["schemas"]["Branding"];
            csrfToken: string;
            user: components["schemas"]["User"] | null;
        };
        SignatureCheck: {
            /** @description The signer's certificate is one this installation seals with */
            byThisInstallation: boolean;
            certificate: {
                sha256: string;
                subject: string;
            } | null;
            /** @description The signature covers every byte of the file but itself */
            coversWholeDocument: boolean;
            problem: string | null;
            /**
             * @description missing: no digital signature; invalid: one that does not hold over its bytes; valid: it holds
             * @enum {string}
             */
            status: "missing" | "invalid" | "valid";
        };
        SignatureDocument: {
            accountId: string;
            createdAt: string;
            engagementId: string;
            expiresAfterDays: number;
            expiresAt: string | null;
            fields: components["schemas"]["FieldPlacement"][];
            id: string;
            /** @enum {string} */
            ordering: "sequential" | "parallel";
            originalSha256: string;
            pageCount: number;
            /** @description Why it was declined or voided */
            reason: string | null;
            reminderEveryDays: number;
            sealedAt: string | null;
            sealedSha256: string | null;
            status: components["schemas"]["DocumentStatus"];
            title: string;
            updatedAt: string;
        };
        SignedIn: {
            csrfToken: string;
            user: components["schemas"]["User"];
        };
        Signer: {
            authMethod: string | null;
            consentAt: string | null;
            declineReason: string | null;
            declinedAt: string | null;
            email: string;
            key: string;
            name: string;
            position: number;
            roleLabel: string;
            signedAt: string | null;
            status: components["schemas"]["SignerStatus"];
            viewedAt: string | null;
        };
        SignerSession: {
            disclosure: {
                paragraphs: string[];
                title: string;
                version: string;
            };
            document: {
                expiresAt: string | null;
                id: string;
                pageCount: number;
                sealed: boolean;
                status: components["schemas"]["DocumentStatus"];
                title: string;
            };
            fields: components["schemas"]["FieldPlacement"][];
            mayAct: boolean;
            otherFields: {
                h: number;
                page: number;
                /** @enum {string} */
                type: "signature" | "initials" | "date" | "text";
                w: number;
                x: number;
                y: number;
            }[];
            signer: components["schemas"]["Signer"];
            signers: {
                name: string;
                roleLabel: string;
                signedAt: string | null;
                status: components["schemas"]["SignerStatus"];
            }[];
        };
        /** @enum {string} */
        SignerStatus: "waiting" | "current" | "signed" | "declined";
        SigningLink: {
            businessName: string;
            documentTitle: string;
            emailHint: string;
            signerName: string;
        };
        StaffDocument: {
            /** Format: uuid */
            accountId: string;
            accountName: string;
            createdAt: string;
            /** Format: uuid */
            engagementId: string;
            engagementTitle: string;
            expiresAt: string | null;
            /** Format: uuid */
            id: string;
            title: string;
            unnamed: string[];
        };
        StageDecision: {
            at: string;
            comment?: string | null;
            decision: components["schemas"]["ReviewDecision"];
            reviewerId: string;
            reviewerName: string;
            /** @description The version the decision was made on */
            sha256: string;
            /** @description Replaced by a later decision of the same reviewer in the same stage */
            superseded: boolean;
        };
        TeamMember: {
            email: string;
            /** Format: uuid */
            id: string;
            isManager: boolean;
            name: string;
            phone: string | null;
            teamRole: string;
        };
        TemplateBilling: {
            currency: string;
            /**
             * @default {
             *       "finalAction": null,
             *       "repeatEveryDays": 14,
             *       "steps": [
             *         {
             *           "escalation": null,
             *           "key": "before-3d",
             *           "lateFee": null,
             *           "offsetDays": -3
             *         },
             *         {
             *           "escalation": null,
             *           "key": "due",
             *           "lateFee": null,
             *           "offsetDays": 0
             *         },
             *         {
             *           "escalation": "notify_manager",
             *           "key": "after-7d",
             *           "lateFee": {
             *             "basisPoints": 200,
             *             "type": "percent"
             *           },
             *           "offsetDays": 7
             *         },
             *         {
             *           "escalation": "hand_to_person",
             *           "key": "after-21d",
             *           "lateFee": null,
             *           "offsetDays": 21
             *         }
             *       ]
             *     }
             */
            dunning: components["schemas"]["DunningPolicy"];
            /** @default [] */
            schedule: components["schemas"]["BillingEntry"][];
            /** @default 0 */
            taxRateBp: number;
        };
        TemplateChecklistItem: {
            assignee: components["schemas"]["Who"];
            /** @default null */
            blocksMilestone: string | null;
            completion: components["schemas"]["Completion"];
            due: components["schemas"]["Duration"];
            /** @default  */
            instructions: string;
            key: string;
            /**
             * @default {
             *       "after": [],
             *       "before": []
             *     }
             */
            reminders: {
                /** @default [] */
                after: components["schemas"]["Duration"][];
                /** @default [] */
                before: components["schemas"]["Duration"][];
            };
            title: string;
        };
        TemplateDefinition: {
            /** @default null */
            billing: components["schemas"]["TemplateBilling"] | null;
            /** @default [] */
            checklist: components["schemas"]["TemplateChecklistItem"][];
            /** @default [] */
            deliverables: components["schemas"]["TemplateDeliverable"][];
            /** @default  */
            description: string;
            /** @default [] */
            documents: components["schemas"]["TemplateDocument"][];
            /** @constant */
            formatVersion: 1;
            name: string;
            phases: components["schemas"]["TemplatePhase"][];
        };
        TemplateDeliverable: {
            /** @default  */
            description: string;
            key: string;
            review: components["schemas"]["ReviewPolicy"];
            title: string;
        };
        TemplateDetail: {
            definition: components["schemas"]["TemplateDefinition"];
            template: components["schemas"]["TemplateSummary"];
            versions: components["schemas"]["TemplateVersion"][];
        };
        TemplateDocument: {
            /** @default 30 */
            expiresAfterDays: number;
            /** @default [] */
            fields: components["schemas"]["TemplateDocumentField"][];
            file: {
                content?: string;
                name: string;
                pageCount: number;
                sha256: string;
                size: number;
            };
            key: string;
            /**
             * @default sequential
             * @enum {string}
             */
            ordering: "sequential" | "parallel";
            /** @default 3 */
            reminderEveryDays: number;
            /** @default false */
            sendOnStart: boolean;
            signers: components["schemas"]["TemplateDocumentSigner"][];
            title: string;
        };
        TemplateDocumentField: {
            h: number;
            id?: string;
            /** @default  */
            label: string;
            page: number;
            /** @default true */
            required: boolean;
            signerKey: string;
            /** @enum {string} */
            type: "signature" | "initials" | "date" | "text";
            w: number;
            x: number;
            y: number;
        };
        TemplateDocumentSigner: {
            /**
             * @default choose
             * @enum {string}
             */
            assign: "client_admin" | "account_manager" | "choose";
            key: string;
            roleLabel: string;
        };
        TemplateFile: {
            name: string;
            pageCount: number;
            sha256: string;
            size: number;
        };
        TemplateMilestone: {
            key: string;
            owner: components["schemas"]["Who"];
            title: string;
        };
        TemplatePhase: {
            key: string;
            milestones: components["schemas"]["TemplateMilestone"][];
            title: string;
        };
        TemplatePublished: {
            template: components["schemas"]["TemplateSummary"];
            version: {
                version: number;
            };
        };
        TemplateReviewStage: {
            /** @default P5D */
            due: components["schemas"]["Duration"];
            key: string;
            /** @default false */
            parallel: boolean;
            /**
             * @default {
             *       "before": []
             *     }
             */
            reminders: {
                /** @default [] */
                before: components["schemas"]["Duration"][];
            };
            reviewers: components["schemas"]["ReviewerGroup"] | {
                userIds: string[];
            };
            /**
             * @default any
             * @enum {string}
             */
            rule: "any" | "all";
            title: string;
        };
        TemplateSummary: {
            description: string;
            /** Format: uuid */
            id: string;
            inUse: number;
            latestVersion: number;
            name: string;
            /** @enum {string} */
            status: "active" | "archived";
            updatedAt: string;
        };
        TemplateVersion: {
            publishedAt: string;
            publishedBy: string;
            version: number;
        };
        User: {
            accountId: string | null;
            accountName: string | null;
            email: string;
            /** Format: uuid */
            id: string;
            name: string;
            role: components["schemas"]["Role"];
        };
        VerifyResult: {
            /** @constant */
            match: false;
            sha256: string;
            signature: components["schemas"]["SignatureCheck"];
        } | {
            document: {
                id: string;
                originalSha256: string;
                sealedAt: string;
                signers: {
                    name: string;
                    roleLabel: string;
                    signedAt: string | null;
                }[];
                title: string;
            };
            /** @constant */
            match: true;
            sha256: string;
            signature: components["schemas"]["SignatureCheck"];
        };
        WaitingItem: {
            deliverableId?: string | null;
            documentId?: string | null;
            dueAt: string | null;
            /** Format: uuid */
            engagementId: string;
            engagementTitle: string;
            itemKey: string | null;
            /** @enum {string} */
            kind: "milestone" | "item" | "review" | "signature";
            milestoneId: string | null;
            overdue: boolean;
            title: string;
        };
        /** @enum {string} */
        Who: "client" | "staff";
        WorkPause: {
            /** Format: uuid */
            invoiceId: string;
            invoiceLabel: string;
            since: string;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type AccountDetail = components['schemas']['AccountDetail'];
export type AccountSummary = components['schemas']['AccountSummary'];
export type AccountUser = components['schemas']['AccountUser'];
export type AuditDigestSetting = components['schemas']['AuditDigestSetting'];
export type AuditEngagement = components['schemas']['AuditEngagement'];
export type AuditEvent = components['schemas']['AuditEvent'];
export type AuditEventDetail = components['schemas']['AuditEventDetail'];
export type AuditEventPage = components['schemas']['AuditEventPage'];
export type BillingEntry = components['schemas']['BillingEntry'];
export type BillingTrigger = components['schemas']['BillingTrigger'];
export type Branding = components['schemas']['Branding'];
export type ChainProblem = components['schemas']['ChainProblem'];
export type ChainVerification = components['schemas']['ChainVerification'];
export type ChecklistFile = components['schemas']['ChecklistFile'];
export type ChecklistItem = components['schemas']['ChecklistItem'];
export type Completion = components['schemas']['Completion'];
export type DeliverableDetail = components['schemas']['DeliverableDetail'];
export type DeliverableStatus = components['schemas']['DeliverableStatus'];
export type DeliverableSummary = components['schemas']['DeliverableSummary'];
export type DeliverableVersion = components['schemas']['DeliverableVersion'];
export type DisputeMessage = components['schemas']['DisputeMessage'];
export type DocumentDetail = components['schemas']['DocumentDetail'];
export type DocumentEvent = components['schemas']['DocumentEvent'];
export type DocumentStatus = components['schemas']['DocumentStatus'];
export type DocumentSummary = components['schemas']['DocumentSummary'];
export type DunningPolicy = components['schemas']['DunningPolicy'];
export type DunningStep = components['schemas']['DunningStep'];
export type DunningStepSpec = components['schemas']['DunningStepSpec'];
export type Duration = components['schemas']['Duration'];
export type Engagement = components['schemas']['Engagement'];
export type EngagementChanged = components['schemas']['EngagementChanged'];
export type EngagementDetail = components['schemas']['EngagementDetail'];
export type Error = components['schemas']['Error'];
export type Escalation = components['schemas']['Escalation'];
export type Evidence = components['schemas']['Evidence'];
export type EvidenceEntry = components['schemas']['EvidenceEntry'];
export type FieldPlacement = components['schemas']['FieldPlacement'];
export type FormField = components['schemas']['FormField'];
export type FoundEngagement = components['schemas']['FoundEngagement'];
export type Home = components['schemas']['Home'];
export type InvitationPreview = components['schemas']['InvitationPreview'];
export type Invoice = components['schemas']['Invoice'];
export type InvoiceDetail = components['schemas']['InvoiceDetail'];
export type InvoiceLine = components['schemas']['InvoiceLine'];
export type InvoiceList = components['schemas']['InvoiceList'];
export type InvoicePermissions = components['schemas']['InvoicePermissions'];
export type InvoiceStatus = components['schemas']['InvoiceStatus'];
export type InvoiceSummary = components['schemas']['InvoiceSummary'];
export type LateFee = components['schemas']['LateFee'];
export type LibraryFile = components['schemas']['LibraryFile'];
export type LibraryFileDetail = components['schemas']['LibraryFileDetail'];
export type LibraryFolder = components['schemas']['LibraryFolder'];
export type LibraryListing = components['schemas']['LibraryListing'];
export type LibraryPermissions = components['schemas']['LibraryPermissions'];
export type LibraryVersion = components['schemas']['LibraryVersion'];
export type Milestone = components['schemas']['Milestone'];
export type OutboxEmail = components['schemas']['OutboxEmail'];
export type OverdueItem = components['schemas']['OverdueItem'];
export type OverdueList = components['schemas']['OverdueList'];
export type Payment = components['schemas']['Payment'];
export type PipelineCounts = components['schemas']['PipelineCounts'];
export type Review = components['schemas']['Review'];
export type ReviewComment = components['schemas']['ReviewComment'];
export type ReviewDecision = components['schemas']['ReviewDecision'];
export type ReviewPolicy = components['schemas']['ReviewPolicy'];
export type ReviewRound = components['schemas']['ReviewRound'];
export type ReviewStage = components['schemas']['ReviewStage'];
export type ReviewerGroup = components['schemas']['ReviewerGroup'];
export type Role = components['schemas']['Role'];
export type Session = components['schemas']['Session'];
export type SignatureCheck = components['schemas']['SignatureCheck'];
export type SignatureDocument = components['schemas']['SignatureDocument'];
export type SignedIn = components['schemas']['SignedIn'];
export type Signer = components['schemas']['Signer'];
export type SignerSession = components['schemas']['SignerSession'];
export type SignerStatus = components['schemas']['SignerStatus'];
export type SigningLink = components['schemas']['SigningLink'];
export type StaffDocument = components['schemas']['StaffDocument'];
export type StageDecision = components['schemas']['StageDecision'];
export type TeamMember = components['schemas']['TeamMember'];
export type TemplateBilling = components['schemas']['TemplateBilling'];
export type TemplateChecklistItem = components['schemas']['TemplateChecklistItem'];
export type TemplateDefinition = components['schemas']['TemplateDefinition'];
export type TemplateDeliverable = components['schemas']['TemplateDeliverable'];
export type TemplateDetail = components['schemas']['TemplateDetail'];
export type TemplateDocument = components['schemas']['TemplateDocument'];
export type TemplateDocumentField = components['schemas']['TemplateDocumentField'];
export type TemplateDocumentSigner = components['schemas']['TemplateDocumentSigner'];
export type TemplateFile = components['schemas']['TemplateFile'];
export type TemplateMilestone = components['schemas']['TemplateMilestone'];
export type TemplatePhase = components['schemas']['TemplatePhase'];
export type TemplatePublished = components['schemas']['TemplatePublished'];
export type TemplateReviewStage = components['schemas']['TemplateReviewStage'];
export type TemplateSummary = components['schemas']['TemplateSummary'];
export type TemplateVersion = components['schemas']['TemplateVersion'];
export type User = components['schemas']['User'];
export type VerifyResult = components['schemas']['VerifyResult'];
export type WaitingItem = components['schemas']['WaitingItem'];
export type Who = components['schemas']['Who'];
export type WorkPause = components['schemas']['WorkPause'];
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
