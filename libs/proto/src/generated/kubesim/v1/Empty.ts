// Original file: proto/kubesim/v1/api.proto


export interface Empty {
}

export interface Empty__Output {
}
