import { gql } from 'urql';

export const MODELS_QUERY = gql`
  query Models {
    models {
      id
      format
      source
      description
      license
      isDefault
      inputShape
      labels
      card
      sha256
      preset {
        name
        resize
        crop
        layout
        channelOrder
        grayscale
        scale
        mean
        std
      }
    }
  }
`;

export const NEW_AUDIT_OPTIONS_QUERY = gql`
  query NewAuditOptions {
    models {
      id
      isDefault
      inputShape
    }
    noiseKinds {
      kind
      description
      numpy
      params {
        name
        type
        description
        default
        min
        max
      }
    }
  }
`;

/** Register an uploaded model (an .onnx file, or a TF.js folder as .zip) under a new id. */
export const REGISTER_MODEL_MUTATION = gql`
  mutation RegisterModel($input: RegisterModelInput!) {
    registerModel(input: $input) { id format inputShape labels preset { name } }
  }
`;

/** A registered model's top-k of one uploaded photo: the check after registering it. */
export const CLASSIFY_IMAGE_MUTATION = gql`
  mutation ClassifyImage($model: String!, $image: File!) {
    classifyImage(model: $model, image: $image, topK: 5) { classIndex label score }
  }
`;
