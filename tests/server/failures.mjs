// Failures the test model server can inject, each in the shape the real
// provider sends. A scripted answer `{fail: NAME}` picks one; options on the
// same answer tune it:
//
//   unauthorized, forbidden, model_not_found, quota, server_error,
//   bad_gateway (an HTML page), gateway_timeout, non_json (HTML with 200)
//   rate_limit         retryAfter (s), retryAfterMs, resetAfter (s: OpenAI's
//                      x-ratelimit-reset-requests, Anthropic's RFC 3339 reset),
//                      retryDelay (s: Gemini's RetryInfo), waitInWords (s: Groq)
//   overloaded         503, or 529 from Anthropic
//   context_overflow   limit (tokens) named in the message
//   browser_forbidden  Anthropic: the organisation forbids browser access
//   ollama_origin      Ollama: 403 with an empty body
//   safety             Images: the prompt was rejected
//   spend_limit        Anthropic: 429 without retry-after
//
// and, rendered by the provider modules as answers rather than errors:
//   empty, refusal, content_filter, blocked_prompt (Gemini), stream_error
//   (an error event after a 200 and some text), drop (the connection closes
//   mid-stream).
//
// `flavor` shapes the errors of OpenAI-compatible servers: llama, vllm,
// openrouter, groq, mistral, deepseek or ollama (its /v1).

/** Failures that are not an error status but a 200 answer or stream. */
export const ANSWER_FAILURES = new Set(['empty', 'refusal', 'content_filter', 'blocked_prompt', 'stream_error', 'drop', 'non_json']);

/** Returns `{status, headers, body}` of failure `name` for `provider`. */
export function httpFailure(provider, name, { model = 'test-model', answer = {}, tokens = 0, limit = 0 } = {}) {
  const shape = SHAPES[provider] ?? SHAPES.openai;
  const made = shape(name, { model, answer, tokens, limit });
  if (!made) throw new Error(`the ${provider} test server has no failure "${name}"`);
  return { ...made, headers: { ...(made.headers ?? {}), ...waitHeaders(provider, name, answer) } };
}

function waitHeaders(provider, name, answer) {
  if (name !== 'rate_limit' && name !== 'overloaded') return {};
  const headers = {};
  if (answer.retryAfter !== undefined) headers['retry-after'] = String(answer.retryAfter);
  if (answer.retryAfterMs !== undefined) headers['retry-after-ms'] = String(answer.retryAfterMs);
  if (answer.resetAfter !== undefined) {
    if (provider === 'anthropic') {
      headers['anthropic-ratelimit-requests-reset'] = new Date(Date.now() + answer.resetAfter * 1000).toISOString();
    } else {
      headers['x-ratelimit-reset-requests'] = `${answer.resetAfter}s`;
    }
  }
  return headers;
}

const HTML_502 = '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>';

function common(name) {
  switch (name) {
    case 'bad_gateway':
      return { status: 502, body: HTML_502, headers: { 'content-type': 'text/html' } };
    case 'gateway_timeout':
      return { status: 504, body: '<html><body><h1>504 Gateway Time-out</h1></body></html>', headers: { 'content-type': 'text/html' } };
    case 'ollama_origin':
      return { status: 403, body: '', headers: { 'content-type': 'text/plain' } };
    default:
      return null;
  }
}

function openaiError(status, message, type, code, flavor) {
  switch (flavor) {
    case 'llama':
      return { status, body: { error: { code: status, message, type } } };
    case 'vllm':
      return { status, body: { object: 'error', message, type, param: null, code: status } };
    case 'openrouter':
      return { status, body: { error: { code: status, message, metadata: { provider_name: 'Test' } } } };
    case 'mistral':
      return status === 401 ? { status, body: { detail: 'Unauthorized' } } : { status, body: { message, type, code } };
    case 'ollama':
      return { status, body: { error: { message, type, param: null, code: null } } };
    default:
      return { status, body: { error: { message, type, param: null, code } } };
  }
}

const SHAPES = {
  openai(name, { model, answer, tokens, limit }) {
    const flavor = answer.flavor;
    const error = (status, message, type, code) => openaiError(status, message, type, code, flavor);
    switch (name) {
      case 'unauthorized':
        return error(401, 'Incorrect API key provided: sk-test***. You can find your API key at https://platform.openai.com/account/api-keys.', 'invalid_request_error', 'invalid_api_key');
      case 'forbidden':
        return error(403, 'Country, region, or territory not supported', 'request_forbidden', 'unsupported_country_region_territory');
      case 'model_not_found':
        return flavor === 'ollama'
          ? error(404, `model "${model}" not found, try pulling it first`, 'api_error', null)
          : error(404, `The model \`${model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found');
      case 'quota':
        if (flavor === 'openrouter') return error(402, 'Insufficient credits. Add more using https://openrouter.ai/credits', 'payment_required', 402);
        if (flavor === 'deepseek') return error(402, 'Insufficient Balance', 'unknown_error', 'invalid_request_error');
        return error(429, 'You exceeded your current quota, please check your plan and billing details.', 'insufficient_quota', 'insufficient_quota');
      case 'rate_limit': {
        const words = answer.waitInWords !== undefined ? ` Please try again in ${answer.waitInWords}s.` : '';
        return error(429, `Rate limit reached for ${model} on requests per min (RPM): Limit 3, Used 3, Requested 1.${words}`, 'requests', 'rate_limit_exceeded');
      }
      case 'overloaded':
        return flavor === 'llama'
          ? error(503, 'Loading model', 'unavailable_error', 503)
          : error(503, 'The server is overloaded or not ready yet.', 'server_error', null);
      case 'server_error':
        return error(500, 'The server had an error while processing your request. Sorry about that!', 'server_error', null);
      case 'context_overflow':
        if (flavor === 'llama') {
          return { status: 400, body: { error: { code: 400, message: 'the request exceeds the available context size, try increasing it', type: 'exceed_context_size_error', n_prompt_tokens: tokens, n_ctx: limit } } };
        }
        return error(400, `This model's maximum context length is ${limit} tokens. However, your messages resulted in ${tokens} tokens. Please reduce the length of the messages.`, 'invalid_request_error', 'context_length_exceeded');
      default:
        return common(name);
    }
  },

  azure(name, context) {
    if (name === 'unauthorized') {
      return { status: 401, body: { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.' } } };
    }
    if (name === 'model_not_found') {
      return { status: 404, body: { error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.' } } };
    }
    if (name === 'content_filter_prompt') {
      return { status: 400, body: { error: { message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.", type: null, param: 'prompt', code: 'content_filter', status: 400 } } };
    }
    return SHAPES.openai(name, context);
  },

  images(name, context) {
    if (name === 'safety') {
      return { status: 400, body: { error: { code: 'content_policy_violation', message: 'Your request was rejected as a result of our safety system. Your prompt may contain text that is not allowed by our safety system.', param: null, type: 'invalid_request_error' } } };
    }
    return SHAPES.openai(name, context);
  },

  anthropic(name, { model, limit, tokens }) {
    const error = (status, type, message) => ({ status, body: { type: 'error', error: { type, message }, request_id: 'req_test' }, headers: { 'request-id': 'req_test' } });
    switch (name) {
      case 'unauthorized':
        return error(401, 'authentication_error', 'invalid x-api-key');
      case 'browser_forbidden':
        return error(401, 'authentication_error', 'CORS requests are not allowed for this Organization because of the CORS policy. Please contact your organization administrator.');
      case 'forbidden':
        return error(403, 'permission_error', 'Your API key does not have permission to use the specified resource.');
      case 'model_not_found':
        return error(404, 'not_found_error', `model: ${model}`);
      case 'quota':
        return error(402, 'billing_error', 'Your credit balance is too low to access the Anthropic API.');
      case 'spend_limit':
      case 'rate_limit':
        return error(429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit.');
      case 'overloaded':
        return error(529, 'overloaded_error', 'Overloaded');
      case 'server_error':
        return error(500, 'api_error', 'Internal server error');
      case 'context_overflow':
        return error(400, 'invalid_request_error', `prompt is too long: ${tokens} tokens > ${limit} maximum`);
      default:
        return common(name);
    }
  },

  gemini(name, { model, answer, limit, tokens }) {
    const error = (code, status, message, details = []) => ({ status: code, body: { error: { code, message, status, details } } });
    switch (name) {
      case 'unauthorized':
        return error(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
        ]);
      case 'forbidden':
        return error(403, 'PERMISSION_DENIED', 'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.');
      case 'model_not_found':
        return error(404, 'NOT_FOUND', `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`);
      case 'quota':
        return error(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.', [
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaMetric: 'generativelanguage.googleapis.com/generate_content_free_tier_requests', quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }] },
        ]);
      case 'rate_limit':
        return error(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.', [
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerMinutePerProjectPerModel-FreeTier' }] },
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${answer.retryDelay ?? 27}s` },
        ]);
      case 'overloaded':
        return error(503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.');
      case 'server_error':
        return error(500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting');
      case 'gateway_timeout':
        return error(504, 'DEADLINE_EXCEEDED', 'The request timed out. Please try again.');
      case 'context_overflow':
        return error(400, 'INVALID_ARGUMENT', `The input token count (${tokens}) exceeds the maximum number of tokens allowed (${limit}).`);
      default:
        return common(name);
    }
  },

  ollama(name, { model }) {
    switch (name) {
      case 'model_not_found':
        return { status: 404, body: { error: `model "${model}" not found, try pulling it first` } };
      case 'overloaded':
        return { status: 503, body: { error: 'server busy, please try again.  maximum pending requests exceeded' } };
      case 'server_error':
        return { status: 500, body: { error: 'llama runner process has terminated: signal: killed' } };
      case 'unauthorized':
        return { status: 401, body: { error: 'unauthorized' } };
      default:
        return common(name);
    }
  },
};
