import { gql } from 'urql';

const IMAGE_SET_FIELDS = 'id name count bytes createdAt';

/** Uploaded in-distribution image sets, newest first. */
export const IMAGE_SETS_QUERY = gql`
  query ImageSets {
    imageSets { ${IMAGE_SET_FIELDS} }
  }
`;

/** Store photos (a multipart list of files) as an in-distribution image set. */
export const UPLOAD_IMAGE_SET_MUTATION = gql`
  mutation UploadImageSet($files: [File!]!, $name: String) {
    uploadImageSet(files: $files, name: $name) { ${IMAGE_SET_FIELDS} }
  }
`;

/** Remove an uploaded image set. */
export const DELETE_IMAGE_SET_MUTATION = gql`
  mutation DeleteImageSet($id: ID!) {
    deleteImageSet(id: $id) { id }
  }
`;
